package dev.resilientio.zookeeper;

import java.nio.charset.StandardCharsets;

/**
 * Where a lock key's lock lives in ZooKeeper: {@code /locks/<key>} under the namespace, the key
 * written as one node name, so that Curator's lock folder holds lock nodes only (a key's
 * {@code /} would make the locks of files in a directory children of the directory's own lock).
 * Letters, digits, {@code -}, {@code _} and {@code .} stay; every other byte of the key's UTF-8 is
 * written {@code %XX}, {@code /} as {@code %2F}.
 */
final class LockNodes {

    /** The node under the namespace that holds one lock folder per key. */
    static final String ROOT = "/locks";

    private LockNodes() {
    }

    /**
     * Returns the lock folder of a key.
     *
     * @param key such as {@code /mnt/share/tasks.json} or {@code tasks.json}
     * @return such as {@code /locks/%2Fmnt%2Fshare%2Ftasks.json}
     */
    static String pathOf(String key) {
        byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
        StringBuilder name = new StringBuilder(ROOT.length() + 1 + bytes.length);
        name.append(ROOT).append('/');
        boolean dotsOnly = key.equals(".") || key.equals("..");
        for (byte b : bytes) {
            int c = b & 0xff;
            boolean plain = c < 0x80 && (Character.isLetterOrDigit(c) || c == '-' || c == '_' || (c == '.' && !dotsOnly));
            if (plain) {
                name.append((char) c);
            } else {
                name.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return name.toString();
    }
}
