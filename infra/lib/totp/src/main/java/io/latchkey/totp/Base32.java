package io.latchkey.totp;

/** RFC 4648 base32 without padding: how otpauth URIs and authenticator apps spell a seed. */
public final class Base32 {

    private static final char[] ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();

    private Base32() {
    }

    public static String encode(byte[] data) {
        StringBuilder out = new StringBuilder((data.length * 8 + 4) / 5);
        int buffer = 0;
        int bits = 0;
        for (byte b : data) {
            buffer = buffer << 8 | b & 0xff;
            bits += 8;
            while (bits >= 5) {
                out.append(ALPHABET[buffer >>> bits - 5 & 0x1f]);
                bits -= 5;
            }
        }
        if (bits > 0) {
            out.append(ALPHABET[buffer << 5 - bits & 0x1f]);
        }
        return out.toString();
    }

    public static byte[] decode(String text) {
        String clean = text.replace("=", "").replace(" ", "").toUpperCase(java.util.Locale.ROOT);
        byte[] out = new byte[clean.length() * 5 / 8];
        int buffer = 0;
        int bits = 0;
        int index = 0;
        for (char c : clean.toCharArray()) {
            int value = c >= 'A' && c <= 'Z' ? c - 'A' : c >= '2' && c <= '7' ? c - '2' + 26 : -1;
            if (value < 0) {
                throw new IllegalArgumentException("not base32");
            }
            buffer = buffer << 5 | value;
            bits += 5;
            if (bits >= 8) {
                out[index++] = (byte) (buffer >>> bits - 8);
                bits -= 8;
            }
        }
        return out;
    }
}
