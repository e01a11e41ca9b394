package io.sleipnir.golang;

import static io.sleipnir.golang.TemplateValues.integer;
import static io.sleipnir.golang.TemplateValues.str;

import io.sleipnir.golang.GoTemplate.ExecutionException;
import io.sleipnir.golang.GoTemplate.Func;
import io.sleipnir.golang.GoTemplate.Impl;
import java.time.Clock;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The functions a template can call, as Promtail 2.8's template stage registers them (stages/template.go):
 * text/template's built-ins ({@link GoTemplateFunctions}), then {@code sprig.TxtFuncMap()} of sprig v3.2.3 (the
 * Sprig* classes; a registered function wins over a built-in, so {@code slice} is sprig's), then Promtail's own
 * {@code ToLower ToUpper Replace Trim TrimLeft TrimRight TrimPrefix TrimSuffix TrimSpace Hash Sha2Hash
 * regexReplaceAll regexReplaceAllLiteral}, which replace sprig's of the same name. {@link #REFUSED} names the sprig
 * functions Sleipnir refuses at start, each with its reason.
 */
final class TemplateBuiltins {
    /** With the system clock: {@code now} is the wall clock, {@code m=} counts from when this class loaded. */
    static final Map<String, Func> FUNCTIONS = functions(Clock.systemDefaultZone());

    /** sprig functions Promtail has that Sleipnir refuses at start, with the reason the error gives. */
    static final Map<String, String> REFUSED = refused();

    private TemplateBuiltins() {
    }

    /** Every function, the date ones reading {@code clock} (its zone is Go's {@code time.Local}). */
    static Map<String, Func> functions(Clock clock) {
        Map<String, Func> f = new HashMap<>();
        GoTemplateFunctions.register(f);
        SprigStrings.register(f);
        SprigText.register(f);
        SprigNumbers.register(f);
        SprigDefaults.register(f);
        SprigLists.register(f);
        SprigCollections.register(f);
        SprigCrypto.register(f);
        SprigUrl.register(f);
        SprigDates.register(f, clock);
        registerPromtail(f);
        return Map.copyOf(f);
    }

    static void put(Map<String, Func> f, String name, int min, int max, Impl impl) {
        f.put(name, new Func(name, min, max, impl));
    }

    /** Promtail's extraFunctionMap (template.go), registered last so it replaces sprig's names. */
    private static void registerPromtail(Map<String, Func> f) {
        put(f, "ToLower", 1, 1, a -> str(a, 0, "ToLower").toLowerCase(Locale.ROOT));
        put(f, "ToUpper", 1, 1, a -> str(a, 0, "ToUpper").toUpperCase(Locale.ROOT));
        put(f, "Replace", 4, 4, a -> GoStrings.replace(str(a, 0, "Replace"), str(a, 1, "Replace"),
                str(a, 2, "Replace"), integer(a, 3, "Replace")));
        put(f, "Trim", 2, 2, a -> GoStrings.trim(str(a, 0, "Trim"), str(a, 1, "Trim"), true, true));
        put(f, "TrimLeft", 2, 2, a -> GoStrings.trim(str(a, 0, "TrimLeft"), str(a, 1, "TrimLeft"), true, false));
        put(f, "TrimRight", 2, 2, a -> GoStrings.trim(str(a, 0, "TrimRight"), str(a, 1, "TrimRight"), false, true));
        put(f, "TrimPrefix", 2, 2, a -> {
            String s = str(a, 0, "TrimPrefix");
            String p = str(a, 1, "TrimPrefix");
            return s.startsWith(p) ? s.substring(p.length()) : s;
        });
        put(f, "TrimSuffix", 2, 2, a -> {
            String s = str(a, 0, "TrimSuffix");
            String p = str(a, 1, "TrimSuffix");
            return s.endsWith(p) ? s.substring(0, s.length() - p.length()) : s;
        });
        put(f, "TrimSpace", 1, 1, a -> GoStrings.trimSpace(str(a, 0, "TrimSpace")));
        put(f, "Hash", 2, 2, a -> TemplateHelpers.hex("SHA3-256", str(a, 0, "Hash") + str(a, 1, "Hash")));
        put(f, "Sha2Hash", 2, 2, a -> TemplateHelpers.hex("SHA-256", str(a, 0, "Sha2Hash") + str(a, 1, "Sha2Hash")));
        put(f, "regexReplaceAll", 3, 3, a -> regex(str(a, 0, "regexReplaceAll"))
                .replaceAll(str(a, 1, "regexReplaceAll"), str(a, 2, "regexReplaceAll"), false));
        put(f, "regexReplaceAllLiteral", 3, 3, a -> regex(str(a, 0, "regexReplaceAllLiteral"))
                .replaceAll(str(a, 1, "regexReplaceAllLiteral"), str(a, 2, "regexReplaceAllLiteral"), true));
    }

    /** A regex given at run time (not a literal): compiled per call; literals are bound at parse time instead. */
    private static GoRegex regex(String expression) throws ExecutionException {
        try {
            return GoRegex.compile(expression);
        } catch (IllegalArgumentException e) {
            throw new ExecutionException("error calling regex function: " + e.getMessage());
        }
    }

    private static Map<String, String> refused() {
        Map<String, String> r = new HashMap<>();
        String keys = "it makes a new key, certificate or salted password hash on every call, which has no use"
                + " on a log line and no output Promtail's could be checked against";
        for (String name : new String[] {"bcrypt", "htpasswd", "genPrivateKey", "buildCustomCert", "genCA",
                "genCAWithKey", "genSelfSignedCert", "genSelfSignedCertWithKey", "genSignedCert",
                "genSignedCertWithKey"}) {
            r.put(name, keys);
        }
        r.put("derivePassword", "it runs scrypt (32 MiB, tens of milliseconds) on every call");
        r.put("getHostByName", "a DNS lookup on every entry would stall the pipeline");
        return Map.copyOf(r);
    }
}
