package io.sleipnir.cli;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;

/**
 * SIGTERM and SIGINT as a request to stop cleanly, SIGHUP as a request to reload the config (as Promtail). Without a handler the JVM runs its shutdown hooks and exits with
 * 128 + the signal (143, 130); Promtail exits 0 after a clean stop, and so must a drop-in (Kubernetes and systemd
 * read anything else as a failure). {@code sun.misc.Signal} is the JDK's only signal API (module jdk.unsupported).
 * It is reached by reflection because javac warns about every compile-time use of it, and a clean build prints no
 * warning.
 */
final class StopSignals {
    private StopSignals() {
    }

    /** Installs {@code onStop} for TERM and INT; returns the names of the signals it could not take over. */
    static List<String> install(Runnable onStop) {
        return handle(List.of("TERM", "INT"), onStop);
    }

    /**
     * Installs {@code onReload} for HUP (it must return quickly: it runs on the JVM's signal thread); false when HUP
     * could not be taken over (then it stops the JVM, as before).
     */
    static boolean installReload(Runnable onReload) {
        return handle(List.of("HUP"), onReload).isEmpty();
    }

    private static List<String> handle(List<String> names, Runnable onSignal) {
        List<String> missing = new ArrayList<>();
        Class<?> signalClass;
        Class<?> handlerClass;
        Method handle;
        try {
            signalClass = Class.forName("sun.misc.Signal");
            handlerClass = Class.forName("sun.misc.SignalHandler");
            handle = signalClass.getMethod("handle", signalClass, handlerClass);
        } catch (ReflectiveOperationException e) {
            return names; // no jdk.unsupported: the shutdown hook still stops the agent
        }
        Object handler = Proxy.newProxyInstance(StopSignals.class.getClassLoader(), new Class<?>[] {handlerClass},
                (proxy, method, args) -> switch (method.getName()) {
                    case "handle" -> {
                        onSignal.run();
                        yield null;
                    }
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> "StopSignals handler";
                });
        for (String name : names) {
            try {
                handle.invoke(null, signalClass.getConstructor(String.class).newInstance(name), handler);
            } catch (InvocationTargetException e) {
                // Taken by the JVM (-Xrs) or unknown on this platform: the shutdown hook still stops the agent.
                missing.add(name);
            } catch (ReflectiveOperationException e) {
                missing.add(name);
            }
        }
        return missing;
    }
}
