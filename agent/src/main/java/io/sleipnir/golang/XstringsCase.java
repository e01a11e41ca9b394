package io.sleipnir.golang;

/**
 * github.com/huandu/xstrings' ToCamelCase, ToSnakeCase and ToKebabCase as sprig v3.2.3 pins them (v1.3.3, the copy
 * Loki vendors): a string is cut into words (upper-case runs, letters, numbers, punctuation, connectors
 * {@code - _} and white space), and the words are joined again. Indices count code points where Go's count bytes;
 * the words cut are the same. U+FFFD counts as an invalid rune, as Go's decoder reports it.
 */
final class XstringsCase {
    private static final int RUNE_ERROR = 0xFFFD;

    private enum WordType { INVALID, NUMBER, UPPER_CASE, ALPHABET, CONNECTOR, PUNCT, OTHER }

    private XstringsCase() {
    }

    /** ToCamelCase: each connector run dropped (a run of several keeps all but its last), next rune upper-cased. */
    static String camelCase(String str) {
        int[] s = str.codePoints().toArray();
        if (s.length == 0) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        int i = 0;
        int r0 = 0;
        while (i < s.length) {
            r0 = s[i++];
            if (!isConnector(r0)) {
                r0 = Character.toUpperCase(r0);
                break;
            }
            b.appendCodePoint(r0);
        }
        if (i == s.length) {
            // xstrings writes the last rune again here, also when it was a connector already written.
            return b.appendCodePoint(r0).toString();
        }
        while (i < s.length) {
            int r1 = r0;
            r0 = s[i++];
            if (isConnector(r0) && isConnector(r1)) {
                b.appendCodePoint(r1);
                continue;
            }
            if (isConnector(r1)) {
                r0 = Character.toUpperCase(r0);
            } else {
                r0 = Character.toLowerCase(r0);
                b.appendCodePoint(r1);
            }
        }
        return b.appendCodePoint(r0).toString();
    }

    static String snakeCase(String s) {
        return camelCaseToLowerCase(s, '_');
    }

    static String kebabCase(String s) {
        return camelCaseToLowerCase(s, '-');
    }

    /** A word: its type and where it ends, which is where the rest begins. */
    private record Word(WordType type, int start, int end) {
    }

    private static String camelCaseToLowerCase(String str, int connector) {
        int[] s = str.codePoints().toArray();
        if (s.length == 0) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        Word w = nextWord(s, 0);
        while (w.end() < s.length) {
            if (w.type() != WordType.CONNECTOR) {
                toLower(b, w.type(), s, w.start(), w.end(), connector);
            }
            Word last = w;
            w = nextWord(s, w.end());
            switch (last.type()) {
                case NUMBER -> {
                    while (w.type() == WordType.ALPHABET || w.type() == WordType.NUMBER) {
                        toLower(b, w.type(), s, w.start(), w.end(), connector);
                        w = nextWord(s, w.end());
                    }
                    if (w.type() != WordType.INVALID && w.type() != WordType.PUNCT
                            && w.type() != WordType.CONNECTOR) {
                        b.appendCodePoint(connector);
                    }
                }
                case CONNECTOR -> toLower(b, last.type(), s, last.start(), last.end(), connector);
                case PUNCT -> {
                }
                default -> w = afterWord(b, s, w, connector);
            }
        }
        toLower(b, w.type(), s, w.start(), w.end(), connector);
        return b.toString();
    }

    /** The default case of camelCaseToLowerCase: what follows a letter, upper-case or other word. */
    private static Word afterWord(StringBuilder b, int[] s, Word w, int connector) {
        if (w.type() != WordType.NUMBER) {
            if (w.type() != WordType.CONNECTOR && w.type() != WordType.PUNCT) {
                b.appendCodePoint(connector);
            }
            return w;
        }
        if (w.end() == s.length) {
            return w;
        }
        Word number = w;
        Word next = nextWord(s, w.end());
        // a number followed by anything but letters belongs to the word before it: "Bld4Floor" is "bld4_floor"
        if (next.type() != WordType.ALPHABET) {
            toLower(b, WordType.NUMBER, s, number.start(), number.end(), connector);
            if (next.type() != WordType.CONNECTOR && next.type() != WordType.PUNCT) {
                b.appendCodePoint(connector);
            }
            return next;
        }
        // lower-case letters after a number: the number starts a word, "HTTP2xx" is "http_2xx"
        b.appendCodePoint(connector);
        toLower(b, WordType.NUMBER, s, number.start(), number.end(), connector);
        while (next.type() == WordType.ALPHABET || next.type() == WordType.NUMBER) {
            toLower(b, next.type(), s, next.start(), next.end(), connector);
            next = nextWord(s, next.end());
        }
        if (next.type() != WordType.INVALID && next.type() != WordType.CONNECTOR && next.type() != WordType.PUNCT) {
            b.appendCodePoint(connector);
        }
        return next;
    }

    /** xstrings' nextWord: the word starting at {@code start}. */
    private static Word nextWord(int[] s, int start) {
        if (start >= s.length) {
            return new Word(WordType.INVALID, start, start);
        }
        int rem = start;
        long rs = nextValidRune(s, rem, RUNE_ERROR);
        int r = rune(rs);
        int size = size(rs);
        int offset = size;
        if (r == RUNE_ERROR) {
            return new Word(WordType.INVALID, start, start + offset);
        }
        WordType wt;
        if (isConnector(r)) {
            wt = WordType.CONNECTOR;
            rem += size;
            while (rem < s.length) {
                rs = nextValidRune(s, rem, r);
                r = rune(rs);
                size = size(rs);
                if (!isConnector(r)) {
                    break;
                }
                offset += size;
                rem += size;
            }
        } else if (isPunct(r)) {
            wt = WordType.PUNCT;
            rem += size;
            while (rem < s.length) {
                rs = nextValidRune(s, rem, r);
                r = rune(rs);
                size = size(rs);
                if (!isPunct(r)) {
                    break;
                }
                offset += size;
                rem += size;
            }
        } else if (isUpper(r)) {
            wt = WordType.UPPER_CASE;
            rem += size;
            if (rem < s.length) {
                rs = nextValidRune(s, rem, r);
                r = rune(rs);
                size = size(rs);
                if (isUpper(r)) {
                    int prevSize = size;
                    offset += size;
                    rem += size;
                    while (rem < s.length) {
                        rs = nextValidRune(s, rem, r);
                        r = rune(rs);
                        size = size(rs);
                        if (!isUpper(r)) {
                            break;
                        }
                        prevSize = size;
                        offset += size;
                        rem += size;
                    }
                    // "HTTPStatus" is "HTTP" and "Status": the last capital starts the next word
                    if (rem < s.length && isAlphabet(r)) {
                        offset -= prevSize;
                    }
                } else if (isAlphabet(r)) {
                    offset += size;
                    rem += size;
                    offset += letters(s, rem, r);
                }
            }
        } else if (isAlphabet(r)) {
            wt = WordType.ALPHABET;
            rem += size;
            offset += letters(s, rem, r);
        } else if (isNumber(r)) {
            wt = WordType.NUMBER;
            rem += size;
            while (rem < s.length) {
                rs = nextValidRune(s, rem, r);
                r = rune(rs);
                size = size(rs);
                if (!isNumber(r)) {
                    break;
                }
                offset += size;
                rem += size;
            }
        } else {
            wt = WordType.OTHER;
            rem += size;
            while (rem < s.length) {
                rs = nextValidRune(s, rem, r);
                r = rune(rs);
                size = size(rs);
                if (size == 0 || isConnector(r) || isAlphabet(r) || isNumber(r) || isPunct(r)) {
                    break;
                }
                offset += size;
                rem += size;
            }
        }
        return new Word(wt, start, start + offset);
    }

    /** How many runes from {@code from} continue a lower-case run (letters, not upper-case). */
    private static int letters(int[] s, int from, int prev) {
        int rem = from;
        int r = prev;
        while (rem < s.length) {
            long rs = nextValidRune(s, rem, r);
            r = rune(rs);
            if (!isAlphabet(r) || isUpper(r)) {
                break;
            }
            rem += size(rs);
        }
        return rem - from;
    }

    /** The first rune that is not U+FFFD from {@code from}, and how many runes that took; {@code prev} if none. */
    private static long nextValidRune(int[] s, int from, int prev) {
        int size = 0;
        for (int i = from; i < s.length; i++) {
            size++;
            if (s[i] != RUNE_ERROR) {
                return pack(s[i], size);
            }
        }
        return pack(prev, size);
    }

    private static long pack(int rune, int size) {
        return ((long) rune << 32) | size;
    }

    private static int rune(long packed) {
        return (int) (packed >>> 32);
    }

    private static int size(long packed) {
        return (int) packed;
    }

    private static void toLower(StringBuilder b, WordType wt, int[] s, int from, int to, int connector) {
        for (int i = from; i < to; i++) {
            int r = s[i];
            if (wt != WordType.UPPER_CASE && wt != WordType.CONNECTOR) {
                b.appendCodePoint(r);
            } else if (isConnector(r)) {
                b.appendCodePoint(connector);
            } else if (isUpper(r)) {
                b.appendCodePoint(Character.toLowerCase(r));
            } else {
                b.appendCodePoint(r);
            }
        }
    }

    private static boolean isConnector(int r) {
        return r == '-' || r == '_' || GoStrings.isSpace(r);
    }

    /** Go's unicode.IsUpper: category Lu. */
    private static boolean isUpper(int r) {
        return Character.getType(r) == Character.UPPERCASE_LETTER;
    }

    /** Go's unicode.IsNumber: categories Nd, Nl, No. */
    private static boolean isNumber(int r) {
        int t = Character.getType(r);
        return t == Character.DECIMAL_DIGIT_NUMBER || t == Character.LETTER_NUMBER || t == Character.OTHER_NUMBER;
    }

    /** Go's unicode.IsPunct: category P. */
    private static boolean isPunct(int r) {
        return switch (Character.getType(r)) {
            case Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION, Character.START_PUNCTUATION,
                    Character.END_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION,
                    Character.FINAL_QUOTE_PUNCTUATION, Character.OTHER_PUNCTUATION -> true;
            default -> false;
        };
    }

    /** xstrings' isAlphabet: a letter that is not a CJK ideograph. */
    private static boolean isAlphabet(int r) {
        if (!Character.isLetter(r)) {
            return false;
        }
        if (r < 0x3400) {
            return true;
        }
        return !((r >= 0x4E00 && r <= 0x9FCC) || (r >= 0x3400 && r <= 0x4D85) || (r >= 0x20000 && r <= 0x2B81D));
    }
}
