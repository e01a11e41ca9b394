package io.sleipnir.golang;

import static io.sleipnir.golang.TemplateBuiltins.put;
import static io.sleipnir.golang.TemplateValues.str;
import static io.sleipnir.golang.TemplateValues.truthy;
import static io.sleipnir.golang.TemplateValues.typeName;

import io.sleipnir.golang.GoTemplate.ExecutionException;
import io.sleipnir.golang.GoTemplate.Func;
import java.util.Map;

/** sprig's defaults, flow, JSON, copy, environment and semver functions (defaults.go, semver.go, functions.go). */
final class SprigDefaults {
    private SprigDefaults() {
    }

    static void register(Map<String, Func> f) {
        registerDefaults(f);
        registerJson(f);
        put(f, "env", 1, 1, a -> {
            String v = System.getenv(str(a, 0, "env"));
            return v == null ? "" : v;
        });
        put(f, "expandenv", 1, 1, a -> TemplateHelpers.expandEnv(str(a, 0, "expandenv")));
        put(f, "semver", 1, 1, a -> {
            try {
                return GoSemver.parse(str(a, 0, "semver"));
            } catch (IllegalArgumentException e) {
                throw new ExecutionException("error calling semver: " + e.getMessage());
            }
        });
        put(f, "semverCompare", 2, 2, a -> {
            try {
                return GoSemver.satisfies(str(a, 0, "semverCompare"), GoSemver.parse(str(a, 1, "semverCompare")));
            } catch (IllegalArgumentException e) {
                throw new ExecutionException("error calling semverCompare: " + e.getMessage());
            }
        });
    }

    private static void registerDefaults(Map<String, Func> f) {
        // dfault(d, given...): the first given unless it is empty.
        put(f, "default", 1, -1, a -> a.size() > 1 && truthy(a.get(1)) ? a.get(1) : a.get(0));
        put(f, "empty", 1, 1, a -> !truthy(a.get(0)));
        put(f, "coalesce", 0, -1, a -> a.stream().filter(TemplateValues::truthy).findFirst().orElse(null));
        put(f, "all", 0, -1, a -> a.stream().allMatch(TemplateValues::truthy));
        put(f, "any", 0, -1, a -> a.stream().anyMatch(TemplateValues::truthy));
        put(f, "ternary", 3, 3, a -> {
            if (!(a.get(2) instanceof Boolean b)) {
                throw new ExecutionException("error calling ternary: argument 3 is " + typeName(a.get(2))
                        + ", want bool");
            }
            return b ? a.get(0) : a.get(1);
        });
        put(f, "fail", 1, 1, a -> {
            throw new ExecutionException("error calling fail: " + str(a, 0, "fail"));
        });
        put(f, "deepCopy", 1, 1, a -> TemplateJson.deepCopy(a.get(0)));
        put(f, "mustDeepCopy", 1, 1, a -> TemplateJson.deepCopy(a.get(0)));
    }

    private static void registerJson(Map<String, Func> f) {
        for (String name : new String[] {"toJson", "toPrettyJson", "toRawJson"}) {
            String must = "must" + Character.toUpperCase(name.charAt(0)) + name.substring(1);
            boolean escapeHtml = !name.equals("toRawJson");
            String indent = name.equals("toPrettyJson") ? "  " : null;
            // The plain forms drop json.Marshal's error and print nothing; the must forms fail the execution.
            put(f, name, 1, 1, a -> {
                try {
                    return TemplateJson.encode(a.get(0), escapeHtml, indent);
                } catch (ExecutionException e) {
                    return "";
                }
            });
            put(f, must, 1, 1, a -> {
                try {
                    return TemplateJson.encode(a.get(0), escapeHtml, indent);
                } catch (ExecutionException e) {
                    throw new ExecutionException("error calling " + must + ": " + e.getMessage());
                }
            });
        }
        put(f, "fromJson", 1, 1, a -> {
            try {
                return TemplateJson.decode(str(a, 0, "fromJson"));
            } catch (ExecutionException e) {
                return null; // sprig drops the error: the value is nil
            }
        });
        put(f, "mustFromJson", 1, 1, a -> {
            try {
                return TemplateJson.decode(str(a, 0, "mustFromJson"));
            } catch (ExecutionException e) {
                throw new ExecutionException("error calling mustFromJson: " + e.getMessage());
            }
        });
    }
}
