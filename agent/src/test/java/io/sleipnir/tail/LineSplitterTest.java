package io.sleipnir.tail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** The splitter alone: bytes in, lines out, no files and no threads. */
class LineSplitterTest {

    record Line(String text, boolean cut, long start, long end, boolean terminated) {
    }

    private static final class Recorder implements LineSplitter.Lines {
        final List<Line> lines = new ArrayList<>();

        @Override
        public void line(byte[] bytes, int off, int len, boolean cut, long start, long end, boolean terminated) {
            lines.add(new Line(new String(bytes, off, len, StandardCharsets.ISO_8859_1), cut, start, end, terminated));
        }

        List<String> texts() {
            return lines.stream().map(Line::text).toList();
        }
    }

    /** Feeds {@code text} in chunks of {@code chunk} bytes, as reads of that quantum would. */
    private static Recorder split(LineSplitter splitter, String text, int chunk) throws InterruptedException {
        byte[] all = text.getBytes(StandardCharsets.ISO_8859_1);
        Recorder out = new Recorder();
        for (int at = 0; at < all.length; at += chunk) {
            int n = Math.min(chunk, all.length - at);
            byte[] buffer = new byte[chunk];
            System.arraycopy(all, at, buffer, 0, n);
            splitter.split(buffer, n, at, out);
        }
        return out;
    }

    @Test
    void splitsOnNewlineOnlyKeepingACarriageReturnAndHoldsAPartialLine() throws Exception {
        LineSplitter splitter = new LineSplitter(1024);
        Recorder out = split(splitter, "a1\r\na2\n\npartial", 64);
        // Promtail splits on \n only: a CRLF line keeps its \r (issue 8, item 6); an empty line is a line.
        assertThat(out.lines).containsExactly(
                new Line("a1\r", false, 0, 4, true),
                new Line("a2", false, 4, 7, true),
                new Line("", false, 7, 8, true));
        assertThat(splitter.hasPartialLine()).isTrue();
        assertThat(splitter.heldBytes()).isEqualTo(7);

        splitter.split(" line\n".getBytes(StandardCharsets.US_ASCII), 6, 15, out);
        assertThat(out.lines.get(3)).isEqualTo(new Line("partial line", false, 8, 21, true));
        assertThat(splitter.hasPartialLine()).isFalse();
    }

    @Test
    void aLineSpreadOverManyReadsIsOneLineWithItsStartOffset() throws Exception {
        Recorder out = split(new LineSplitter(1024), "first\n" + "x".repeat(100) + "\nlast\n", 7);
        assertThat(out.lines).containsExactly(
                new Line("first", false, 0, 6, true),
                new Line("x".repeat(100), false, 6, 107, true),
                new Line("last", false, 107, 112, true));
    }

    @Test
    void aLongLineKeepsOnlyItsFirstCapBytesAndIsMarkedCutWhetherInOneReadOrMany() throws Exception {
        String text = "x".repeat(100_000) + "\nshort\n";
        for (int chunk : new int[] {4096, 200_000}) {
            LineSplitter splitter = new LineSplitter(1000);
            Recorder out = split(splitter, text, chunk);
            assertThat(out.lines).as("chunk %d", chunk).containsExactly(
                    new Line("x".repeat(1000), true, 0, 100_001, true),
                    new Line("short", false, 100_001, 100_007, true));
        }
    }

    @Test
    void anEndlessLineNeverHoldsMoreThanTheCap() throws Exception {
        LineSplitter splitter = new LineSplitter(1000);
        Recorder out = split(splitter, "y".repeat(50_000), 4096);
        assertThat(out.lines).isEmpty();
        assertThat(splitter.heldBytes()).isEqualTo(1000);
        assertThat(splitter.holdsCutLine()).isTrue();

        assertThat(splitter.flushPartial(50_000, out)).isTrue();
        assertThat(out.lines).containsExactly(new Line("y".repeat(1000), true, 0, 50_000, false));
        assertThat(splitter.hasPartialLine()).isFalse();
        assertThat(splitter.flushPartial(50_000, out)).isFalse();
    }

    @Test
    void theRestOfALineCanContinueInAnotherSplitterAsWhenACopyHoldsTheRestOfAGeneration() throws Exception {
        LineSplitter truncatedFile = new LineSplitter(10);
        Recorder out = split(truncatedFile, "0123456789abc", 64);
        LineSplitter copy = new LineSplitter(10);
        copy.takeLineFrom(truncatedFile);
        copy.split("def\nnext\n".getBytes(StandardCharsets.US_ASCII), 9, 13, out);
        assertThat(out.lines).containsExactly(
                new Line("0123456789", true, 0, 17, true),
                new Line("next", false, 17, 22, true));
    }

    @Test
    void resetForgetsTheHeldLine() throws Exception {
        LineSplitter splitter = new LineSplitter(100);
        Recorder out = split(splitter, "half", 64);
        splitter.resetLine();
        assertThat(splitter.hasPartialLine()).isFalse();
        splitter.split("new\n".getBytes(StandardCharsets.US_ASCII), 4, 0, out);
        assertThat(out.texts()).containsExactly("new");
    }

    @Test
    void aCapBelowOneIsRefused() {
        assertThatThrownBy(() -> new LineSplitter(0)).hasMessage("cap must be positive, got 0");
    }

    /** Whatever the read size, the lines are those of splitting the whole text on \n, cut at the cap. */
    @Property(tries = 200)
    void linesDoNotDependOnHowTheBytesWereRead(@ForAll @Size(max = 60) List<@IntRange(min = 0, max = 40) Integer> lengths,
                                               @ForAll @IntRange(min = 1, max = 50) int chunk,
                                               @ForAll @IntRange(min = 1, max = 30) int cap) throws Exception {
        StringBuilder text = new StringBuilder();
        List<Line> expected = new ArrayList<>();
        for (int i = 0; i < lengths.size(); i++) {
            String line = Character.toString('a' + i % 26).repeat(lengths.get(i));
            long start = text.length();
            text.append(line).append('\n');
            expected.add(new Line(line.substring(0, Math.min(cap, line.length())), line.length() > cap, start,
                    text.length(), true));
        }
        assertThat(split(new LineSplitter(cap), text.toString(), chunk).lines).isEqualTo(expected);
    }

    /**
     * The word-at-a-time newline search against a plain scan, on bytes where every word position and the bytes that
     * fool a careless zero-byte test (0x0B, 0x09, 0x8A, 0x0A0A runs, 0xFF) are likely.
     */
    @Property(tries = 2000)
    void indexOfNewlineFindsTheFirstNewlineInTheRangeAsAPlainScanDoes(
            @ForAll @Size(max = 40) List<@IntRange(min = 0, max = 5) Integer> picks,
            @ForAll @IntRange(min = 0, max = 40) int from, @ForAll @IntRange(min = 0, max = 40) int to) {
        byte[] palette = {'\n', 0x0B, 0x09, (byte) 0x8A, (byte) 0xFF, 'a'};
        byte[] a = new byte[picks.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = palette[picks.get(i)];
        }
        int lo = Math.min(from, a.length);
        int hi = Math.max(lo, Math.min(to, a.length));
        int expected = -1;
        for (int i = lo; i < hi; i++) {
            if (a[i] == '\n') {
                expected = i;
                break;
            }
        }
        assertThat(ByteScan.indexOfNewline(a, lo, hi)).isEqualTo(expected);
    }
}
