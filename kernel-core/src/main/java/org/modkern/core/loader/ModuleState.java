package org.modkern.core.loader;

/** Linux's {@code enum module_state}, with the words /proc/modules prints. */
public enum ModuleState {
    /** Normal state: init has returned 0. */
    LIVE("Live", "live"),
    /** Init is running. */
    COMING("Loading", "coming"),
    /** Exit is running or about to. */
    GOING("Unloading", "going");

    private final String procWord;
    private final String initstate;

    ModuleState(String procWord, String initstate) {
        this.procWord = procWord;
        this.initstate = initstate;
    }

    /** The state column of /proc/modules: Live, Loading, Unloading. */
    public String procWord() {
        return procWord;
    }

    /** What /sys/module/NAME/initstate reads: live, coming, going. */
    public String initstate() {
        return initstate;
    }
}
