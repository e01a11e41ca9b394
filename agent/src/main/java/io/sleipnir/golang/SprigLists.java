package io.sleipnir.golang;

import static io.sleipnir.golang.TemplateBuiltins.put;
import static io.sleipnir.golang.TemplateHelpers.asList;
import static io.sleipnir.golang.TemplateHelpers.copy;

import io.sleipnir.golang.GoTemplate.ExecutionException;
import io.sleipnir.golang.GoTemplate.Func;
import io.sleipnir.golang.GoTemplate.Impl;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * sprig's list functions (list.go). Each has a {@code must} form: in Go the plain one panics on a value that is not
 * a list and the must one returns the error; both fail the template's execution, so here they are the same
 * function. Lists are immutable values; {@code append} and friends return new ones, as sprig's do.
 */
final class SprigLists {
    private SprigLists() {
    }

    static void register(Map<String, Func> f) {
        put(f, "list", 0, -1, a -> copy(a));
        put(f, "tuple", 0, -1, a -> copy(a));
        both(f, "first", 1, 1, a -> {
            List<?> l = asList(a.get(0), "first");
            return l.isEmpty() ? null : l.get(0);
        });
        both(f, "last", 1, 1, a -> {
            List<?> l = asList(a.get(0), "last");
            return l.isEmpty() ? null : l.get(l.size() - 1);
        });
        both(f, "rest", 1, 1, a -> {
            List<?> l = asList(a.get(0), "rest");
            return l.isEmpty() ? null : copy(l.subList(1, l.size()));
        });
        both(f, "initial", 1, 1, a -> {
            List<?> l = asList(a.get(0), "initial");
            return l.isEmpty() ? null : copy(l.subList(0, l.size() - 1));
        });
        both(f, "reverse", 1, 1, a -> {
            List<Object> l = new ArrayList<>(asList(a.get(0), "reverse"));
            Collections.reverse(l);
            return copy(l);
        });
        both(f, "uniq", 1, 1, a -> copy(asList(a.get(0), "uniq").stream().distinct().toList()));
        both(f, "compact", 1, 1, a -> copy(asList(a.get(0), "compact", "Cannot compact on type ").stream()
                .filter(TemplateValues::truthy).toList()));
        both(f, "has", 2, 2, a -> a.get(1) != null && asList(a.get(1), "has").stream()
                .anyMatch(o -> Objects.equals(o, a.get(0))));
        both(f, "without", 1, -1, a -> {
            List<Object> out = new ArrayList<>(asList(a.get(0), "without"));
            out.removeIf(o -> a.subList(1, a.size()).contains(o));
            return copy(out);
        });
        both(f, "append", 2, 2, a -> {
            List<Object> out = new ArrayList<>(asList(a.get(0), "append", "Cannot push on type "));
            out.add(a.get(1));
            return copy(out);
        });
        both(f, "push", 2, 2, f.get("append").impl());
        both(f, "prepend", 2, 2, a -> {
            List<Object> out = new ArrayList<>(asList(a.get(0), "prepend", "Cannot prepend on type "));
            out.add(0, a.get(1));
            return copy(out);
        });
        put(f, "concat", 0, -1, a -> {
            List<Object> out = new ArrayList<>();
            for (Object o : a) {
                out.addAll(asList(o, "concat", "Cannot concat type "));
            }
            return copy(out);
        });
        both(f, "slice", 1, 3, SprigLists::slice);
        both(f, "chunk", 2, 2, SprigLists::chunk);
    }

    /** Registers {@code name} and its {@code mustName} form. */
    private static void both(Map<String, Func> f, String name, int min, int max, Impl impl) {
        put(f, name, min, max, impl);
        put(f, "must" + Character.toUpperCase(name.charAt(0)) + name.substring(1), min, max, impl);
    }

    /** sprig's slice: a list only (a string is refused), {@code start} and {@code end} as Go's l[start:end]. */
    private static Object slice(List<Object> a) throws ExecutionException {
        List<?> l = asList(a.get(0), "slice", "list should be type of slice or array but ");
        if (l.isEmpty()) {
            return null;
        }
        long start = a.size() > 1 ? GoCast.toInt64(a.get(1)) : 0;
        long end = a.size() > 2 ? GoCast.toInt64(a.get(2)) : l.size();
        if (start < 0 || end < start || end > l.size()) {
            throw new ExecutionException("error calling slice: reflect: slice index out of range");
        }
        return copy(l.subList((int) start, (int) end));
    }

    /** sprig's chunk: lists of {@code size} items, the last one shorter. */
    private static Object chunk(List<Object> a) throws ExecutionException {
        long size = GoCast.toInt64(a.get(0));
        List<?> l = asList(a.get(1), "chunk", "Cannot chunk type ");
        if (size <= 0) {
            throw new ExecutionException("error calling chunk: runtime error: integer divide by zero");
        }
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < l.size(); i += (int) size) {
            out.add(copy(l.subList(i, (int) Math.min(l.size(), i + size))));
        }
        return copy(out);
    }
}
