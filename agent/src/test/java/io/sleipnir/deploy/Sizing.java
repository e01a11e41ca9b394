package io.sleipnir.deploy;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The measured figures a manifest states in its resources comment, in MiB: "with the image's JVM flags at a
 * 256Mi limit: heap 104 MiB; RSS idle 142 MiB (...), busy peak 183 MiB (...)". Comments are lost in rendering,
 * so they are read from the file itself.
 */
record Sizing(long limit, long heap, long idleRss, long busyRss) {

    static Sizing of(String manifest) {
        String text = Repository.read(manifest);
        return new Sizing(figure(text, manifest, "at a (\\d+)Mi limit"), figure(text, manifest, "heap (\\d+) MiB"),
                figure(text, manifest, "RSS idle (\\d+) MiB"), figure(text, manifest, "busy peak (\\d+) MiB"));
    }

    private static long figure(String text, String manifest, String regex) {
        Matcher matcher = Pattern.compile("#.*" + regex).matcher(text);
        if (!matcher.find()) {
            throw new AssertionError(manifest + " has no comment stating \"" + regex + "\"");
        }
        return Long.parseLong(matcher.group(1));
    }
}
