package krnel.cli;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import krnel.graph.OpSpec;
import krnel.runner.Runner;

/**
 * The ops and runners held by a class's static fields, the way krnel-graph reads a module's
 * globals: each op is named by its field, ops inside lists, arrays and maps by their path
 * ({@code datasets[0]}, {@code probes[spam]}).
 */
record StaticFields(List<NamedOp> ops, List<Runner> runners) {

  /** Initializes {@code type} (running its static initializer) and reads its static fields. */
  static StaticFields of(Class<?> type) {
    StaticFields found = new StaticFields(new ArrayList<>(), new ArrayList<>());
    for (Field field : type.getDeclaredFields()) {
      if (!Modifier.isStatic(field.getModifiers()) || field.isSynthetic()) {
        continue;
      }
      Object value;
      try {
        field.setAccessible(true);
        value = field.get(null);
      } catch (ExceptionInInitializerError e) {
        Throwable cause = e.getCause() == null ? e : e.getCause();
        throw new CliException("building the graph of " + type.getName() + " failed: " + cause,
            "its static initializer threw; rerun with --verbose for the stack trace", cause);
      } catch (ReflectiveOperationException | RuntimeException e) {
        throw new CliException("cannot read field " + field.getName() + " of " + type.getName() + ": " + e.getMessage(),
            "make the graph's fields plain static fields", e);
      }
      found.collect(field.getName(), value);
    }
    return found;
  }

  private void collect(String name, Object value) {
    if (value instanceof OpSpec) {
      ops.add(new NamedOp(name, (OpSpec) value));
    } else if (value instanceof Runner) {
      if (!runners.contains(value)) {
        runners.add((Runner) value);
      }
    } else if (value instanceof List) {
      List<?> list = (List<?>) value;
      for (int i = 0; i < list.size(); i++) {
        collect(name + "[" + i + "]", list.get(i));
      }
    } else if (value instanceof Object[]) {
      Object[] array = (Object[]) value;
      for (int i = 0; i < array.length; i++) {
        collect(name + "[" + i + "]", array[i]);
      }
    } else if (value instanceof Map) {
      ((Map<?, ?>) value).forEach((key, element) -> collect(name + "[" + key + "]", element));
    }
  }
}
