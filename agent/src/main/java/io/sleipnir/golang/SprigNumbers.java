package io.sleipnir.golang;

import static io.sleipnir.golang.GoCast.toFloat64;
import static io.sleipnir.golang.GoCast.toInt64;
import static io.sleipnir.golang.TemplateBuiltins.put;
import static io.sleipnir.golang.TemplateValues.integer;
import static io.sleipnir.golang.TemplateValues.str;

import io.sleipnir.golang.GoTemplate.ExecutionException;
import io.sleipnir.golang.GoTemplate.Func;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;
import java.util.function.BinaryOperator;
import java.util.function.LongBinaryOperator;

/**
 * sprig's number functions (functions.go, numeric.go): integer arithmetic on int64 through {@link GoCast} (as
 * sprig's toInt64), float arithmetic through shopspring/decimal, conversions.
 */
final class SprigNumbers {
    private SprigNumbers() {
    }

    static void register(Map<String, Func> f) {
        registerConversions(f);
        registerIntegers(f);
        registerFloats(f);
    }

    private static void registerConversions(Map<String, Func> f) {
        put(f, "atoi", 1, 1, a -> {
            String s = str(a, 0, "atoi"); // strconv.Atoi: base 10; out of range gives the nearest int64
            if (!s.matches("[+-]?[0-9]+")) {
                return 0L;
            }
            try {
                return Long.parseLong(s);
            } catch (NumberFormatException e) {
                return s.startsWith("-") ? Long.MIN_VALUE : Long.MAX_VALUE;
            }
        });
        put(f, "int64", 1, 1, a -> toInt64(a.get(0)));
        put(f, "int", 1, 1, a -> toInt64(a.get(0)));
        put(f, "float64", 1, 1, a -> toFloat64(a.get(0)));
        // strconv.ParseInt(fmt.Sprint(v), 8, 64), 0 on error.
        put(f, "toDecimal", 1, 1, a -> {
            String s = TemplateHelpers.strval(a.get(0));
            try {
                return s.matches("[+-]?[0-7]+") ? Long.parseLong(s, 8) : 0L;
            } catch (NumberFormatException e) {
                return 0L;
            }
        });
    }

    private static void registerIntegers(Map<String, Func> f) {
        put(f, "add", 0, -1, a -> fold(0, a, 0, Long::sum));
        put(f, "add1", 1, 1, a -> toInt64(a.get(0)) + 1);
        put(f, "sub", 2, 2, a -> toInt64(a.get(0)) - toInt64(a.get(1)));
        put(f, "mul", 1, -1, a -> fold(toInt64(a.get(0)), a, 1, (x, y) -> x * y));
        put(f, "max", 1, -1, a -> fold(toInt64(a.get(0)), a, 1, Math::max));
        put(f, "biggest", 1, -1, a -> fold(toInt64(a.get(0)), a, 1, Math::max));
        put(f, "min", 1, -1, a -> fold(toInt64(a.get(0)), a, 1, Math::min));
        put(f, "div", 2, 2, a -> toInt64(a.get(0)) / divisor(a, "div"));
        put(f, "mod", 2, 2, a -> toInt64(a.get(0)) % divisor(a, "mod"));
        put(f, "randInt", 2, 2, a -> {
            long min = integer(a, 0, "randInt");
            long max = integer(a, 1, "randInt");
            if (max - min <= 0) {
                throw new ExecutionException("error calling randInt: invalid argument to Intn");
            }
            return min + java.util.concurrent.ThreadLocalRandom.current().nextLong(max - min);
        });
    }

    private static long fold(long start, List<Object> a, int from, LongBinaryOperator op) {
        long v = start;
        for (int i = from; i < a.size(); i++) {
            v = op.applyAsLong(v, toInt64(a.get(i)));
        }
        return v;
    }

    private static long divisor(List<Object> a, String fn) throws ExecutionException {
        long d = toInt64(a.get(1));
        if (d == 0) {
            throw new ExecutionException("error calling " + fn + ": runtime error: integer divide by zero");
        }
        return d;
    }

    private static void registerFloats(Map<String, Func> f) {
        put(f, "ceil", 1, 1, a -> Math.ceil(toFloat64(a.get(0))));
        put(f, "floor", 1, 1, a -> Math.floor(toFloat64(a.get(0))));
        put(f, "round", 2, 3, a -> {
            double pow = Math.pow(10, toInt64(a.get(1)));
            double roundOn = a.size() > 2 ? toFloat64(a.get(2)) : 0.5;
            double digit = pow * toFloat64(a.get(0));
            double fraction = digit - (digit < 0 ? Math.ceil(digit) : Math.floor(digit)); // math.Modf
            return (fraction >= roundOn ? Math.ceil(digit) : Math.floor(digit)) / pow;
        });
        put(f, "addf", 1, -1, a -> decimalFold(a, BigDecimal::add));
        put(f, "add1f", 1, 1, a -> decimal(a.get(0)).add(BigDecimal.ONE).doubleValue());
        put(f, "subf", 1, -1, a -> decimalFold(a, BigDecimal::subtract));
        put(f, "mulf", 1, -1, a -> decimalFold(a, BigDecimal::multiply));
        // shopspring/decimal divides to 16 decimal places.
        put(f, "divf", 1, -1, a -> decimalFold(a, (x, y) -> {
            if (y.signum() == 0) {
                throw new ArithmeticException("decimal division by 0");
            }
            return x.divide(y, 16, RoundingMode.HALF_EVEN);
        }));
        put(f, "maxf", 1, -1, a -> a.stream().mapToDouble(GoCast::toFloat64).reduce(Math::max).orElseThrow());
        put(f, "minf", 1, -1, a -> a.stream().mapToDouble(GoCast::toFloat64).reduce(Math::min).orElseThrow());
    }

    private static double decimalFold(List<Object> a, BinaryOperator<BigDecimal> op) throws ExecutionException {
        BigDecimal result = decimal(a.get(0));
        try {
            for (int i = 1; i < a.size(); i++) {
                result = op.apply(result, decimal(a.get(i)));
            }
        } catch (ArithmeticException e) {
            throw new ExecutionException(e.getMessage()); // shopspring/decimal panics: the execution fails
        }
        return result.doubleValue();
    }

    /** decimal.NewFromFloat(toFloat64(v)): the shortest decimal that reads back as the float. */
    private static BigDecimal decimal(Object o) {
        return new BigDecimal(GoFloat.formatG(toFloat64(o)).replace("e+", "e"));
    }
}
