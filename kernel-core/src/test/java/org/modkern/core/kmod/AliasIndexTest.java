// Tests the alias index: kmod's matching rules, result order, and agreement with matching every pattern.
package org.modkern.core.kmod;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AliasIndexTest {

    private static AliasIndex index(String... patternModulePairs) {
        AliasIndex.Builder b = AliasIndex.builder();
        for (int i = 0; i < patternModulePairs.length; i += 2) {
            b.add(patternModulePairs[i], patternModulePairs[i + 1]);
        }
        return b.build();
    }

    @Test
    void dumpListsPatternsByteOrderedAndOnePatternsModulesInModuleOrder() {
        // kmod's modprobe -c walks its index trie: keys by byte, a key's modules by priority
        AliasIndex idx = index(
                "usb:v*p*", "usbhid",
                "pci:v00008086d*", "igb",
                "fs-ext4", "ext4",
                "pci:v00008086d*", "e1000e",
                "pci:v0000", "e1000e",
                "Pci:v*", "ext4",
                "pci:v00008086d*", "usbhid",
                "fs-ext4", "ext4");
        assertEquals(List.of("Pci:v* ext4", "fs_ext4 ext4", "fs_ext4 ext4", "pci:v0000 e1000e",
                "pci:v00008086d* usbhid", "pci:v00008086d* igb", "pci:v00008086d* e1000e", "usb:v*p* usbhid"),
                idx.dump());
    }

    @Test
    void aStringWithWildcardsOfItsOwnIsFoundAsKmodsTrieWalkFindsIt() {
        // Debian 6.1's modules.alias, in short: "acpi" makes the trie branch after "acpi", so
        // kmod finds kmx61 by the '*' there and again, following the string's own '*', by the
        // last one; hid_cherry by its '*' and again as the whole string, "hid:b0003g0001..."
        // making the trie branch at its '*'
        AliasIndex idx = index(
                "acpi", "acpi_cpufreq",
                "acpi*:KMX61021:*", "kmx61",
                "acpi*:BCM2E43:*", "hci_uart",
                "hid:b*g*v*p*", "hid_generic",
                "hid:b0003g*v0000046Ap00000027", "hid_cherry",
                "hid:b0003g0001v*p*", "hid_x");
        assertEquals(List.of("kmx61", "kmx61"), idx.lookup("acpi*:KMX61021:*"));
        assertEquals(List.of("hid_generic", "hid_cherry", "hid_cherry"), idx.lookup("hid:b0003g*v0000046Ap00000027"));
        assertEquals(List.of("hid_generic", "hid_cherry", "hid_x"), idx.lookup("hid:b0003g0001v0000046Ap00000027"));
        assertEquals(List.of("hid_generic", "hid_x"), idx.lookup("hid:b0003g0001v?p*"));
        // where the trie does not branch, the walk matches the rest once and stops
        AliasIndex unbranched = index("acpi*:KMX61021:*", "kmx61", "acpi*:BCM2E43:*", "hci_uart");
        assertEquals(List.of("kmx61"), unbranched.lookup("acpi*:KMX61021:*"));
        assertEquals(List.of(), unbranched.lookup("acpi*:KMX6[0-9]021:*"));
        assertEquals(List.of("kmx61"), unbranched.lookup("acpi*:KMX61021:[*]"));
    }

    @Test
    void realWorldPatterns() {
        AliasIndex idx = index(
                "pci:v00008086d00001533sv*sd*bc*sc*i*", "igb",
                "pci:v00008086d00001539sv*sd*bc*sc*i*", "igb",
                "pci:v*d*sv*sd*bc0Csc03i30*", "xhci_pci",
                "usb:v046DpC52Bd*dc*dsc*dp*ic*isc*ip*in*", "logitech_dj",
                "usb:v*p*d*dc*dsc*dp*ic03isc01ip01in*", "usbhid",
                "acpi*:PNP0C09:*", "ec_sys",
                "of:N*T*Cfsl,imx6q-uart", "imx_uart",
                "of:N*T*Cfsl,imx6q-uartC*", "imx_uart",
                "of:N*T*Cfsl,imx21-uart", "imx_uart",
                "fs-ext4", "ext4",
                "crypto-sha256", "sha256_generic",
                "crypto-sha256-generic", "sha256_generic");
        assertEquals(List.of("igb"), idx.lookup("pci:v00008086d00001533sv00008086sd00000001bc02sc00i00"));
        assertEquals(List.of(), idx.lookup("pci:v00008086d00001534sv00008086sd00000001bc02sc00i00"));
        assertEquals(List.of("xhci_pci"), idx.lookup("pci:v00008086d0000A36Dsv00001028sd0000085Cbc0Csc03i30"));
        assertEquals(List.of("logitech_dj", "usbhid"),
                idx.lookup("usb:v046DpC52Bd1201dc00dsc00dp00ic03isc01ip01in00"));
        assertEquals(List.of("ec_sys"), idx.lookup("acpi:PNP0A08:PNP0C09:"));
        assertEquals(List.of("ec_sys"), idx.lookup("acpi:PNP0C09:"));
        assertEquals(List.of(), idx.lookup("acpi:PNP0C0A:"));
        assertEquals(List.of("imx_uart"), idx.lookup("of:NserialT(null)Cfsl,imx6q-uart"));
        // kmod lists a module once per matching pattern
        String imx = "of:NserialT(null)Cfsl,imx6q-uartCfsl,imx21-uart";
        assertEquals(List.of("imx_uart", "imx_uart"), idx.lookup(imx));
        assertEquals(List.of("of:N*T*Cfsl,imx6q_uartC*", "of:N*T*Cfsl,imx21_uart"), idx.matchingPatterns(imx));
        assertEquals(List.of("imx_uart"), idx.modules(imx));
        assertEquals(List.of("ext4"), idx.lookup("fs-ext4"));
        assertEquals(List.of("sha256_generic"), idx.lookup("crypto-sha256-generic"));
    }

    @Test
    void dashAndUnderscoreAreTheSameOutsideBrackets() {
        AliasIndex idx = index("snd-hda*", "a", "x[a-c]y", "b", "p[-_]q", "c");
        assertEquals(List.of("a"), idx.lookup("snd_hda_intel"));
        assertEquals(List.of("a"), idx.lookup("snd-hda-intel"));
        assertEquals(List.of("b"), idx.lookup("xby"));
        // the input's '-' becomes '_' before matching, so only the '_' of the bracket can match it
        assertEquals(List.of("c"), idx.lookup("p-q"));
        assertEquals(List.of("c"), idx.lookup("p_q"));
    }

    @Test
    void questionMarkBracketsAndNegation() {
        AliasIndex idx = index("dmi?x", "q", "v[0-9][!0-9]", "n", "v[^a]b", "m", "*", "any");
        assertEquals(List.of("q", "any"), idx.lookup("dmiax"));
        assertEquals(List.of("n", "any"), idx.lookup("v1a"));
        assertEquals(List.of("any"), idx.lookup("v12"));
        assertEquals(List.of("m", "any"), idx.lookup("vbb"));
        assertEquals(List.of("any"), idx.lookup("vab"));
    }

    /**
     * What the fast path leaves to others: anchors and prefixes too long to record, strings
     * longer than the per-thread buffer keeps, non-ASCII strings (matched as UTF-8 bytes), NUL
     * characters (never in a gram), short and gram-less patterns.
     */
    @Test
    void longStringsLongPrefixesNonAsciiAndNul() {
        String longPrefix = "x".repeat(5000);
        AliasIndex idx = index(
                longPrefix + "abcdefgh*", "long",
                "*zyxwvuts", "tail",
                "caf\u00e9*", "cafe",
                "caf??x", "two",
                "\0\0\0\0\0\0\0\0a*", "nul",
                "ab", "short",
                "a*b", "nogram");
        assertEquals(List.of("long"), idx.lookup(longPrefix + "abcdefgh"));
        assertEquals(List.of("long", "tail"), idx.lookup(longPrefix + "abcdefgh-zyxwvuts"));
        assertEquals(List.of(), idx.lookup(longPrefix + "abcdefg"));
        assertEquals(List.of("tail"), idx.lookup("q".repeat(10000) + "zyxwvuts"));
        assertEquals(List.of("cafe"), idx.lookup("caf\u00e9-au-lait"));
        // kmod compares bytes: the 'é' is two of them
        assertEquals(List.of("cafe", "two"), idx.lookup("caf\u00e9x"));
        assertEquals(List.of("nul"), idx.lookup("\0\0\0\0\0\0\0\0ab"));
        assertEquals(List.of("short", "nogram"), idx.lookup("ab"));
        assertEquals(List.of("nogram"), idx.lookup("a-b"));
    }

    @Test
    void matchingIsCaseSensitive() {
        AliasIndex idx = index("pci:v000010DEd*", "nvidia");
        assertEquals(List.of("nvidia"), idx.lookup("pci:v000010DEd00001234"));
        assertEquals(List.of(), idx.lookup("pci:v000010ded00001234"));
    }

    @Test
    void literalPrefixIsComparedByteForByteAsKmodsTrieDoes() {
        // kmod walks the pattern's characters before the first wildcard without fnmatch, so a
        // backslash there is an ordinary character
        AliasIndex idx = index("a\\*b", "lit", "a\\b*", "pre");
        assertEquals(List.of("pre"), idx.lookup("a\\bc"));
        // found by its '*' and again as the whole string: the trie branches there (kmod 30 agrees)
        assertEquals(List.of("lit", "lit"), idx.lookup("a\\*b"));
        assertEquals(List.of(), idx.lookup("a*b"));
    }

    @Test
    void unmatchedBracketsAreRejected() {
        AliasIndex.Builder b = AliasIndex.builder();
        assertFalse(b.add("foo[ab", "x"));
        assertFalse(b.add("foo]", "x"));
        assertTrue(b.add("foo[ab]", "x"));
        assertEquals(List.of(), b.build().lookup("foo]"));
    }

    @Test
    void resultsFollowModuleOrderNotPatternOrder() {
        AliasIndex idx = index("x*", "first", "y*", "second", "*z", "first");
        assertEquals(List.of("first", "first"), idx.lookup("xz"));
        assertEquals(List.of("first", "second"), idx.lookup("yz"));
    }

    @Test
    void agreesWithMatchingEveryPattern() {
        Random rnd = new Random(42);
        String[] parts = {"pci:v", "0000", "8086", "10DE", "d", "sv", "sd", "bc", "03", "sc", "i", "usb:", "p", "ic",
            "acpi", ":PNP", "0C", "of:N", "T", "C", "fsl,", "imx", "-", "_", "a", "b"};
        String[] wild = {"*", "?", "[0-9]", "[!a]", "[a-c]", "*", "*"};
        List<String> patterns = new ArrayList<>();
        List<String> modules = new ArrayList<>();
        AliasIndex.Builder b = AliasIndex.builder();
        for (int i = 0; i < 3000; i++) {
            StringBuilder sb = new StringBuilder();
            int n = 1 + rnd.nextInt(7);
            for (int k = 0; k < n; k++) {
                sb.append(rnd.nextInt(3) == 0 ? wild[rnd.nextInt(wild.length)] : parts[rnd.nextInt(parts.length)]);
            }
            patterns.add(sb.toString());
            modules.add("m" + (i % 500));
            b.add(sb.toString(), "m" + (i % 500));
        }
        AliasIndex idx = b.build();
        Reference reference = new Reference(patterns, modules);
        for (int i = 0; i < 3000; i++) {
            StringBuilder sb = new StringBuilder();
            int n = 1 + rnd.nextInt(8);
            for (int k = 0; k < n; k++) {
                sb.append(parts[rnd.nextInt(parts.length)]);
                if (rnd.nextInt(4) == 0) {
                    sb.append((char) ('0' + rnd.nextInt(10)));
                }
            }
            String s = sb.toString();
            assertEquals(reference.lookup(s), idx.lookup(s), s);
        }
    }

    /**
     * Random patterns of every shape the index treats apart (long literal runs, '?' and
     * brackets inside the prefix's segment, escapes, plain and short plain patterns, patterns
     * with no 4 literal characters in a row, non-ASCII text) against strings made from them and
     * mutated, long strings, strings with brackets and non-ASCII characters.
     */
    @Test
    void agreesWithMatchingEveryPatternOnRandomGlobs() {
        Random rnd = new Random(7);
        String[] lits = {"pci:v", "usb:v", "acpi", ":PNP0C09:", "of:N", "T", "C", "fsl,imx6q-uart", "dmi", ":svnLENOVO:",
            "pn", "ThinkPad", "0000", "8086", "10DE", "sv", "sd", "bc", "sc", "i", "in", "-", "_", "ab", "x", "é", "ü€",
            "block-major-8-", "crypto-sha256", "fs-ext4", "\\*", "\\?", "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"};
        String[] wild = {"*", "*", "*", "?", "[0-9]", "[!a-c]", "[a-c]", "[[:xdigit:]]", "[^x]", "[-_]", "[é]"};
        List<String> patterns = new ArrayList<>();
        List<String> modules = new ArrayList<>();
        AliasIndex.Builder b = AliasIndex.builder();
        for (int i = 0; i < 4000; i++) {
            String p = randomGlob(rnd, lits, wild);
            if (b.add(p, "m" + (i % 500))) { // "[[:xdigit:]]" has a stray ']' for kmod
                patterns.add(p);
                modules.add("m" + (i % 500));
            }
        }
        AliasIndex idx = b.build();
        List<String> strings = new ArrayList<>();
        for (int i = 0; i < 4000; i++) {
            String s = instantiate(patterns.get(rnd.nextInt(patterns.size())), rnd);
            strings.add(s);
            strings.add(mutate(s, rnd));
        }
        for (int i = 0; i < 500; i++) {
            StringBuilder sb = new StringBuilder();
            int n = rnd.nextInt(40);
            for (int k = 0; k < n; k++) {
                sb.append(lits[rnd.nextInt(lits.length)]);
            }
            strings.add(sb.toString());
            strings.add(sb + "[a-b]" + sb);
        }
        Reference reference = new Reference(patterns, modules);
        for (String s : strings) {
            assertEquals(reference.lookup(s), idx.lookup(s), s);
        }
    }

    private static String randomGlob(Random rnd, String[] lits, String[] wild) {
        StringBuilder sb = new StringBuilder();
        int n = rnd.nextInt(8);
        for (int k = 0; k < n; k++) {
            sb.append(rnd.nextInt(3) == 0 ? wild[rnd.nextInt(wild.length)] : lits[rnd.nextInt(lits.length)]);
        }
        if (rnd.nextInt(50) == 0) {
            sb.insert(0, "long-".repeat(60)); // a prefix past what the fingerprint checks
        }
        return sb.toString();
    }

    /** A string the pattern may match: its wildcards filled in at random. */
    private static String instantiate(String pattern, Random rnd) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '*') {
                for (int k = rnd.nextInt(6); k > 0; k--) {
                    sb.append("0a_:-é".charAt(rnd.nextInt(6)));
                }
            } else if (c == '?') {
                sb.append("9x-".charAt(rnd.nextInt(3)));
            } else if (c == '[') {
                int close = pattern.indexOf(']', i + 2);
                sb.append("1b_x-é".charAt(rnd.nextInt(6)));
                i = close;
            } else if (c == '\\' && i + 1 < pattern.length()) {
                sb.append(pattern.charAt(++i));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static String mutate(String s, Random rnd) {
        if (s.isEmpty()) {
            return "x";
        }
        int at = rnd.nextInt(s.length());
        switch (rnd.nextInt(3)) {
            case 0:
                return s.substring(0, at) + s.substring(at + 1);
            case 1:
                return s.substring(0, at) + "Z" + s.substring(at + 1);
            default:
                return s + s.substring(at);
        }
    }

    /**
     * The slow reference: every pattern tried on every string, split as kmod splits it, results in the order
     * modules first appear (pattern i belongs to {@code modules.get(i)}); strings and patterns
     * compared as their UTF-8 bytes.
     */
    /** kmod's answers, from a model of its index trie: module order, a module once per time the walk finds it. */
    private static final class Reference {
        private final KmodTrie trie = new KmodTrie();
        private final List<String> modules;
        private final int[] rank;

        Reference(List<String> patterns, List<String> modules) {
            this.modules = modules;
            this.rank = new int[patterns.size()];
            java.util.Map<String, Integer> ranks = new java.util.HashMap<>();
            for (int i = 0; i < patterns.size(); i++) {
                trie.insert(bytes(Names.normalizeAlias(patterns.get(i))), i);
                ranks.putIfAbsent(modules.get(i), ranks.size());
                rank[i] = ranks.get(modules.get(i));
            }
        }

        List<String> lookup(String input) {
            String s = Names.normalizeAlias(input);
            List<Integer> hits = s == null ? new ArrayList<>() : trie.search(bytes(s));
            hits.sort((a, b) -> rank[a] != rank[b] ? Integer.compare(rank[a], rank[b]) : Integer.compare(a, b));
            List<String> out = new ArrayList<>();
            for (int h : hits) {
                out.add(modules.get(h));
            }
            return out;
        }
    }

    private static String bytes(String s) {
        return new String(s.getBytes(java.nio.charset.StandardCharsets.UTF_8), java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    /** A vendor prefix thousands of patterns share must not make every device of that vendor a scan. */
    @Test
    void lookupsTryOnlyAFewPatterns() {
        AliasIndex.Builder b = AliasIndex.builder();
        for (int dev = 0; dev < 3000; dev++) {
            b.add(String.format("pci:v00008086d%08Xsv*sd*bc*sc*i*", dev), "intel" + dev % 300);
        }
        for (int cls = 0; cls < 40; cls++) {
            b.add(String.format("pci:v00008086d*sv*sd*bc%02Xsc%02Xi*", cls / 8, cls % 8), "class" + cls);
            b.add(String.format("usb:v*p*d*dc*dsc*dp*ic%02Xisc01ip01in*", cls), "usbclass" + cls);
        }
        AliasIndex idx = b.build();
        String dev = "pci:v00008086d00000BADsv00008086sd00000001bc02sc00i00";
        assertEquals(List.of("intel" + 0xBAD % 300), idx.modules(dev).subList(0, 1));
        assertTrue(idx.candidates(dev) <= 3, "candidates: " + idx.candidates(dev));
        assertTrue(idx.candidates("pci:v00008086d0000FFFFsv00000000sd00000000bc07sc07i00") <= 2);
        assertEquals(0, idx.candidates("acpi:PNP0C09:"));
    }

    @Test
    void concurrentReadersSeeTheSameAnswers() throws Exception {
        AliasIndex idx = index("pci:v00008086d*", "e1000e", "usb:v*p*", "usbcore");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> all = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                all.add(pool.submit(() -> {
                    for (int i = 0; i < 20000; i++) {
                        if (!idx.lookup("pci:v00008086d00001234").equals(List.of("e1000e"))) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> f : all) {
                assertTrue(f.get());
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void loadsModulesAliasText(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("modules.alias");
        java.nio.file.Files.writeString(f, "# Aliases extracted from modules themselves.\n"
                + "alias pci:v00008086d00001533sv*sd*bc*sc*i* igb\nalias fs-ext4 ext4\nalias bad[x ext4\n");
        StringBuilder err = new StringBuilder();
        AliasIndex idx = AliasIndex.load(f, new KmodLog("modprobe", err));
        assertEquals(2, idx.size());
        assertEquals(List.of("ext4"), idx.lookup("fs-ext4"));
        assertEquals("modprobe: WARNING: Unmatched bracket in bad[x\n", err.toString());
    }
}
