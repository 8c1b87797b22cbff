// nvidia's resource manager: a fixed pool of GPU channels.
package org.modkern.examples.nvidia.rm;

/** A fixed pool of 32 channels handed out to the driver's companion modules. */
public final class ResourceManager {

    /** How many channels the sample GPU has. */
    public static final int CHANNELS = 32;

    private static int used;

    private ResourceManager() {
    }

    /** Takes a channel; returns its number, or -1 if none is free. */
    public static synchronized int allocChannel() {
        return used < CHANNELS ? used++ : -1;
    }

    /** Channels still free. */
    public static synchronized int freeChannels() {
        return CHANNELS - used;
    }
}
