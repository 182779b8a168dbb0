package krnel.graph;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Readable Java-like pseudocode of op graphs: one statement per op, dependencies first, each op
 * named {@code <kind>_<first hex digits of its uuid>}, with as many digits as it takes to keep the
 * names of one graph apart. Ops created by a fluent method print as that call (a custom op's step as
 * {@code column.then(step(...))}); the rest as builders,
 * leaving out nullable fields that are unset. Inline ops ({@code a.and(b)}, {@code label.isIn("x")})
 * are written where they are used, and get a statement of their own only as a root.
 */
public final class Pseudocode {
  private static final int MIN_HEX = 5;

  private final Map<String, String> names = new HashMap<>();

  /** @param roots ops printed as statements even if they are inline ops */
  private Pseudocode(List<OpSpec> ops, List<? extends OpSpec> roots) {
    Map<String, List<OpSpec>> byBase = new HashMap<>();
    for (OpSpec op : ops) {
      if (!(op instanceof InlineCode) || roots.contains(op)) {
        byBase.computeIfAbsent(baseName(op), b -> new ArrayList<>()).add(op);
      }
    }
    byBase.forEach((base, group) -> {
      int digits = MIN_HEX;
      while (!distinctPrefixes(group, digits)) {
        digits++;
      }
      for (OpSpec op : group) {
        names.put(op.uuid(), base + "_" + hash(op).substring(0, digits));
      }
    });
  }

  /** The whole graph of {@code root}: a banner, then a statement per op, inputs first. */
  public static String of(OpSpec root) {
    return "// Graph for " + root.uuid() + "\n" + statements(List.of(root));
  }

  /** The graphs of several roots together, without banner. */
  public static String statements(List<? extends OpSpec> roots) {
    List<OpSpec> ops = Graph.allOps(roots);
    Pseudocode code = new Pseudocode(ops, roots);
    StringJoiner out = new StringJoiner("\n\n", "", "\n");
    for (OpSpec op : ops) {
      if (!(op instanceof InlineCode) || roots.contains(op)) {
        out.add(code.statement(op));
      }
    }
    return out.toString();
  }

  /** One op as one statement (or expression, for inline ops), its inputs referred to by name. */
  public static String expression(OpSpec op) {
    List<OpSpec> ops = new ArrayList<>(Graph.dependencies(List.of(op), false));
    ops.add(op);
    return new Pseudocode(ops, List.of(op)).statement(op);
  }

  /** A unified diff of the pseudocode of two graphs; empty when they are equal. */
  public static String diff(OpSpec a, OpSpec b) {
    return UnifiedDiff.of(List.of(of(a).split("\n")), List.of(of(b).split("\n")), a.uuid(), b.uuid());
  }

  /** {@code Type name = construction;}; a root inline op gets a name too, as the result of its graph. */
  private String statement(OpSpec op) {
    String name = names.get(op.uuid());
    String construction = op instanceof InlineCode ? inline(op) : construction(op);
    return op.opType().declaration().getSimpleName() + " " + name + " = " + construction + ";";
  }

  /** How another statement refers to {@code op}: its name, or its inline code. */
  private String reference(OpSpec op) {
    String name = names.get(op.uuid());
    if (name != null) {
      return name;
    }
    return op instanceof InlineCode ? inline(op) : baseName(op) + "_" + hash(op).substring(0, MIN_HEX);
  }

  private String inline(OpSpec op) {
    return ((InlineCode) op).inlineCode(this::reference);
  }

  private String construction(OpSpec op) {
    OpType<?> type = op.opType();
    FieldSpec receiver = receiver(type);
    if ((type.fluentName().isPresent() || type.stepName().isPresent()) && receiver != null
        && valueOf(op, receiver) != null) { // a nullable input left null has no column to call on
      return fluentCall(op, type, receiver);
    }
    StringBuilder out = new StringBuilder(op.getClass().getSimpleName()).append(".builder()");
    op.forEachField((field, value) -> {
      if (value != null || field.hasDefault()) { // an unset nullable field is null already
        out.append("\n    .").append(field.accessor()).append('(').append(literal(value)).append(')');
      }
    });
    return out.append("\n    .build()").toString();
  }

  /**
   * {@code receiver.fluent(required..., o -> o.optional(...))}, listing optional fields that differ
   * from their default; for a custom op, {@code receiver.then(step(required..., o -> ...))}.
   */
  private String fluentCall(OpSpec op, OpType<?> type, FieldSpec receiver) {
    OpBuilder<?> defaults = type.newBuilder();
    Map<String, Object> values = new HashMap<>();
    op.forEachField((field, value) -> values.put(field.name(), value));
    List<String> required = new ArrayList<>();
    for (FieldSpec field : type.fields()) {
      if (field == receiver || (!field.nullable() && !field.hasDefault())) {
        defaults.set(field.name(), values.get(field.name()));
        if (field != receiver) {
          required.add(literal(values.get(field.name())));
        }
      }
    }
    Map<String, Object> defaultValues = new HashMap<>();
    defaults.build().forEachField((field, value) -> defaultValues.put(field.name(), value));
    StringBuilder options = new StringBuilder();
    for (FieldSpec field : type.fields()) {
      Object value = values.get(field.name());
      if ((field.nullable() || field.hasDefault()) && !java.util.Objects.equals(value, defaultValues.get(field.name()))) {
        options.append('.').append(field.accessor()).append('(').append(literal(value)).append(')');
      }
    }
    if (options.length() > 0) {
      required.add("o -> o" + options);
    }
    String receiverName = reference((OpSpec) values.get(receiver.name()));
    String arguments = String.join(", ", required);
    if (type.fluentName().isPresent()) {
      return receiverName + "." + type.fluentName().get() + "(" + arguments + ")";
    }
    return receiverName + ".then(" + type.stepName().get() + "(" + arguments + "))";
  }

  private static Object valueOf(OpSpec op, FieldSpec wanted) {
    Object[] found = new Object[1];
    op.forEachField((field, value) -> {
      if (field.name().equals(wanted.name())) {
        found[0] = value;
      }
    });
    return found[0];
  }

  private static FieldSpec receiver(OpType<?> type) {
    for (FieldSpec field : type.fields()) {
      if (field.isInput()) {
        return field.kind() == FieldSpec.Kind.INPUT ? field : null;
      }
    }
    return null;
  }

  private String literal(Object value) {
    if (value == null) {
      return "null";
    }
    if (value instanceof OpSpec) {
      return reference((OpSpec) value);
    }
    if (value instanceof String) {
      return stringLiteral((String) value);
    }
    if (value instanceof Long) {
      return value + "L";
    }
    if (value instanceof Double) {
      double d = (Double) value;
      return Double.isNaN(d) ? "Double.NaN" : Double.isInfinite(d) ? (d > 0 ? "Double.POSITIVE_INFINITY" : "Double.NEGATIVE_INFINITY") : value.toString();
    }
    if (value instanceof BigInteger) {
      return "new BigInteger(\"" + value + "\")";
    }
    if (value instanceof Enum) {
      // TrainClassifierOp.Preprocessing.NONE: an op's enum is nested in the op interface.
      Class<?> type = ((Enum<?>) value).getDeclaringClass();
      String name = type.getName().substring(type.getName().lastIndexOf('.') + 1).replace('$', '.');
      return name + "." + ((Enum<?>) value).name();
    }
    if (value instanceof List) {
      StringJoiner out = new StringJoiner(", ", "List.of(", ")");
      ((List<?>) value).forEach(element -> out.add(literal(element)));
      return out.toString();
    }
    if (value instanceof Map) {
      Map<?, ?> map = (Map<?, ?>) value;
      boolean small = map.size() <= 10; // Map.of takes at most 10 pairs
      StringJoiner out = new StringJoiner(", ", small ? "Map.of(" : "Map.ofEntries(", ")");
      map.forEach((key, element) -> out.add(small ? literal(key) + ", " + literal(element)
          : "Map.entry(" + literal(key) + ", " + literal(element) + ")"));
      return out.toString();
    }
    return String.valueOf(value); // Integer, Boolean
  }

  static String stringLiteral(String value) {
    StringBuilder out = new StringBuilder(value.length() + 2).append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"':
          out.append("\\\"");
          break;
        case '\\':
          out.append("\\\\");
          break;
        case '\n':
          out.append("\\n");
          break;
        case '\t':
          out.append("\\t");
          break;
        case '\r':
          out.append("\\r");
          break;
        default:
          if (c < 0x20 || c == 0x7f) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
      }
    }
    return out.append('"').toString();
  }

  /** {@code colText}, {@code trainClassifier}, {@code loadInlineJsonDataset}. */
  private static String baseName(OpSpec op) {
    OpType<?> type = op.opType();
    if (type.fluentName().isPresent()) {
      return type.fluentName().get();
    }
    if (type.stepName().isPresent()) {
      return type.stepName().get();
    }
    String wire = type.wireName();
    String base = wire.endsWith("Op") && wire.length() > 2 ? wire.substring(0, wire.length() - 2) : wire;
    int run = 0;
    while (run < base.length() && Character.isUpperCase(base.charAt(run))) {
      run++;
    }
    if (run > 1 && run < base.length()) {
      run--;
    }
    return base.substring(0, run).toLowerCase(java.util.Locale.ROOT) + base.substring(run);
  }

  private static String hash(OpSpec op) {
    String uuid = op.uuid();
    return uuid.substring(uuid.indexOf('_') + 1);
  }

  private static boolean distinctPrefixes(List<OpSpec> ops, int digits) {
    java.util.Set<String> prefixes = new java.util.HashSet<>();
    for (OpSpec op : ops) {
      if (!prefixes.add(hash(op).substring(0, digits))) {
        return false;
      }
    }
    return true;
  }
}
