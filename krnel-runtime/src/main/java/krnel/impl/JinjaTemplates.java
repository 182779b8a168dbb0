package krnel.impl;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.LegacyOverrides;
import com.hubspot.jinjava.el.TypeConvertingMapELResolver;
import com.hubspot.jinjava.el.ext.JinjavaBeanELResolver;
import com.hubspot.jinjava.el.ext.JinjavaListELResolver;
import com.hubspot.jinjava.interpret.Context;
import com.hubspot.jinjava.interpret.InterpreterFactory;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.interpret.TemplateError;
import com.hubspot.jinjava.lib.exptest.ExpTest;
import com.hubspot.jinjava.lib.filter.Filter;
import com.hubspot.jinjava.objects.SafeString;
import com.hubspot.jinjava.objects.collections.PyList;
import com.hubspot.jinjava.objects.collections.PyMap;
import com.hubspot.jinjava.tree.Node;
import com.hubspot.jinjava.util.ForLoop;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jinjava.javax.el.ArrayELResolver;
import jinjava.javax.el.CompositeELResolver;
import jinjava.javax.el.ELContext;
import jinjava.javax.el.ELResolver;
import jinjava.javax.el.MethodNotFoundException;

/**
 * Jinja templates as krnel-graph renders them with {@code jinja2.Environment(autoescape=False)},
 * on Jinjava, sandboxed.
 *
 * <p>Like Jinja2: undefined variables render empty (and {@code default(...)} works), values print
 * as Python's {@code str()} ({@code 1.99}, {@code 10}, {@code 1.0}, {@code True}, {@code ['a',
 * 1]}, {@code {'k': 'v'}}), dictionaries iterate over their keys, one trailing newline of the
 * template is dropped, output is never re-parsed as a template, and the reference's extra filters
 * {@code drop_nulls} and {@code repr} exist. One difference: a null value renders empty, where
 * Jinja2 prints {@code None} (Jinjava cannot tell null from undefined).
 *
 * <p>The sandbox: templates read map keys, list items and the loop variable, call filters and
 * tests, and call the methods of Python's {@code str} (implemented here with Python's semantics:
 * {@code split}, {@code strip}, {@code startswith}, ...), {@code list} ({@code append}, {@code
 * index}, ...) and {@code dict} ({@code items}, {@code keys}, {@code values}, {@code get}, ...).
 * Nothing else: no Java method of any value can be called ({@code {{ x.getClass() }}} fails
 * with a template error), Java bean properties read as undefined ({@code {{ s.bytes }}} renders
 * empty), and templates cannot include, import or extend other templates (no file or classpath
 * resource is read).
 *
 * <p>Budgets and determinism: an unknown filter or test fails ({@code No filter named 'x'}, as in
 * Jinja2); {@code range()} of more than {@value #MAX_RANGE} items fails (as in Jinja2's sandbox); one
 * rendering may print at most {@value #MAX_OUTPUT} characters and take at most 10 s ({@code
 * -Dkrnel.template.timeLimitSeconds}); functions and filters that read the clock or a random generator
 * ({@code today()}, {@code unixtimestamp()}, {@code random}, {@code shuffle}, Jinjava's date filters)
 * are disabled, since a content-addressed result must not depend on them.
 *
 * <p>{@link #forChatTemplates()} renders Hugging Face chat templates as {@code transformers} does:
 * {@code trim_blocks} and {@code lstrip_blocks} on, and a {@code raise_exception(message)}
 * function that fails the rendering with the template's message.
 */
public final class JinjaTemplates {
  private static final Set<String> LIST_METHODS =
      Set.of("append", "extend", "insert", "pop", "remove", "index", "count", "reverse", "copy", "clear");
  private static final Set<String> DICT_METHODS =
      Set.of("items", "keys", "values", "get", "pop", "update", "copy", "clear");
  private static final Set<String> LOOP_METHODS = Set.of("cycle");

  /** As Jinja2's sandbox ({@code MAX_RANGE}): a larger {@code range()} is an error, not a silent truncation. */
  static final int MAX_RANGE = 100_000;
  /** Characters one rendering may produce. */
  static final long MAX_OUTPUT = 10_000_000;
  /** Wall-clock seconds one rendering may take: system property {@code krnel.template.timeLimitSeconds}, default 10. */
  static double timeLimitSeconds() {
    return Double.parseDouble(System.getProperty("krnel.template.timeLimitSeconds", "10"));
  }

  /**
   * Functions and filters whose result depends on the clock or a random generator: a content-addressed
   * result must not. (Jinja2 has {@code random}; the others are Jinjava's own.)
   */
  static final Set<String> NONDETERMINISTIC_FUNCTIONS = Set.of(":today", ":unixtimestamp", ":datetimeformat",
      ":format_date", ":format_datetime", ":format_time", ":strtodate", ":strtotime");
  static final Set<String> NONDETERMINISTIC_FILTERS = Set.of("random", "shuffle", "unixtimestamp", "datetimeformat",
      "date", "format_date", "format_datetime", "format_time", "strtodate", "strtotime", "between_times",
      "plus_time", "minus_time");

  private final Jinjava jinjava;
  private final JinjavaConfig config;
  private final Context globals;

  /** A template environment; cheap to make (a few milliseconds once the classes are loaded), one per op run. */
  JinjaTemplates() {
    this(false);
  }

  /** An environment for Hugging Face chat templates ({@code tokenizer_config.json}'s {@code chat_template}). */
  public static JinjaTemplates forChatTemplates() {
    return new JinjaTemplates(true);
  }

  private JinjaTemplates(boolean chat) {
    config = JinjavaConfig.newBuilder()
        .withTrimBlocks(chat)
        .withLstripBlocks(chat)
        .withElResolver(new SandboxResolver())
        .withInterperterFactory(new PythonInterpreterFactory())
        .withNestedInterpretationEnabled(false)
        .withFailOnUnknownTokens(false) // undefined variables render empty, as in Jinja2; unknown filters fail, see Sandboxed
        .withMaxOutputSize(MAX_OUTPUT)
        .withMaxStringLength(MAX_OUTPUT)
        .withRangeLimit(MAX_RANGE)
        .withDisabled(Map.of(Context.Library.FUNCTION, NONDETERMINISTIC_FUNCTIONS,
            Context.Library.FILTER, NONDETERMINISTIC_FILTERS))
        .withProcessors(com.hubspot.jinjava.el.JinjavaProcessors.newBuilder()
            .withNodePreProcessor((node, interpreter) -> checkDeadline(interpreter)).build())
        .withKeepTrailingNewline(true) // Jinja2 drops the template's last newline, see compile()
        .withLegacyOverrides(LegacyOverrides.newBuilder()
            .withUsePyishObjectMapper(true)
            .withUseNaturalOperatorPrecedence(true)
            .withParseWhitespaceControlStrictly(true)
            .withKeepNullableLoopValues(true)
            .withEvaluateMapKeys(true)
            .withIterateOverMapKeys(true)
            .withUseTrimmingForNotesAndExpressions(true)
            .build())
        .build();
    jinjava = new Jinjava(config);
    jinjava.setResourceLocator((name, encoding, interpreter) -> {
      throw new com.hubspot.jinjava.loader.ResourceNotFoundException(
          "templates cannot include, import or extend other templates ('" + name + "')");
    });
    jinjava.getGlobalContext().registerFilter(new DropNullsFilter());
    jinjava.getGlobalContext().registerFilter(new ReprFilter());
    jinjava.getGlobalContext().registerFilter(new JoinFilter());
    jinjava.getGlobalContext().registerFilter(new StringFilter());
    jinjava.getGlobalContext().registerFunction(new com.hubspot.jinjava.lib.fn.ELFunctionDefinition(
        "", "range", JinjaTemplates.class, "range", Object.class, Object[].class));
    if (chat) {
      jinjava.getGlobalContext().registerFunction(new com.hubspot.jinjava.lib.fn.ELFunctionDefinition(
          "", "raise_exception", JinjaTemplates.class, "raiseException", String.class));
    }
    globals = jinjava.getGlobalContextCopy();
  }

  /** A template error, with where it happened. */
  public static final class TemplateException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    TemplateException(String message) {
      super(message);
    }
  }

  /** Chat templates' {@code raise_exception}: the template rejects its input. */
  public static String raiseException(String message) {
    throw new TemplateException("the template raised an exception: " + message);
  }

  /**
   * Jinja2's {@code range}, refused (as Jinja2's sandbox does) past {@link #MAX_RANGE} items: Jinjava
   * would silently stop at its range limit, so {@code range(10**8)|length} printed 1000.
   */
  public static List<Integer> range(Object arg1, Object... args) {
    Object[] all = new Object[args.length + 1];
    all[0] = arg1;
    System.arraycopy(args, 0, all, 1, args.length);
    boolean numbers = true;
    for (Object arg : all) {
      numbers &= arg instanceof Number;
    }
    if (numbers && all.length <= 3) {
      long start = all.length == 1 ? 0 : ((Number) all[0]).longValue();
      long stop = ((Number) all[all.length == 1 ? 0 : 1]).longValue();
      long step = all.length == 3 ? ((Number) all[2]).longValue() : 1;
      if (step != 0) {
        double items = Math.ceil(((double) stop - start) / step);
        if (items > MAX_RANGE) {
          throw new TemplateException("range() of " + String.format(java.util.Locale.ROOT, "%.0f", items)
              + " items: a template may make at most " + MAX_RANGE + " (as Jinja2's sandbox)");
        }
      }
    }
    return com.hubspot.jinjava.lib.fn.Functions.range(arg1, args);
  }

  /** Per-rendering deadline, checked before each node (a loop body or tag) renders. */
  private static final ThreadLocal<long[]> DEADLINE = new ThreadLocal<>();

  private static void checkDeadline(JinjavaInterpreter interpreter) {
    long[] deadline = DEADLINE.get();
    if (deadline != null && System.nanoTime() - deadline[0] > 0) {
      throw new TemplateException("the template ran past its time budget of " + Double.longBitsToDouble(deadline[1])
          + " s for one rendering (line " + interpreter.getLineNumber() + "); make it do less work, or raise"
          + " -Dkrnel.template.timeLimitSeconds");
    }
  }

  /**
   * A context that fails on unknown filters and tests as Jinja2 does ({@code No filter named 'x'}),
   * where Jinjava renders empty.
   */
  private static final class Sandboxed extends Context {
    Sandboxed(Context parent, Map<String, ?> variables, Map<Library, Set<String>> disabled) {
      super(parent, variables, disabled);
    }

    @Override
    public Filter getFilter(String name) {
      Filter filter = super.getFilter(name);
      if (filter == null && !NONDETERMINISTIC_FILTERS.contains(name)) {
        throw new TemplateException("No filter named '" + name + "'");
      }
      return filter;
    }

    @Override
    public ExpTest getExpTest(String name) {
      ExpTest test = super.getExpTest(name);
      if (test == null) {
        throw new TemplateException("No test named '" + name + "'");
      }
      return test;
    }
  }

  /** A parsed template, rendered once per row. */
  public final class Compiled {
    private final Node root;

    private Compiled(Node root) {
      this.root = root;
    }

    /**
     * The template rendered with {@code variables}.
     *
     * @throws TemplateException for a forbidden call or another fatal template error
     */
    public String render(Map<String, ?> variables) {
      JinjavaInterpreter interpreter =
          config.getInterpreterFactory().newInstance(jinjava, new Sandboxed(globals, variables, config.getDisabled()), config);
      long[] outer = DEADLINE.get();
      double limit = timeLimitSeconds();
      DEADLINE.set(new long[] {System.nanoTime() + (long) (limit * 1e9), Double.doubleToLongBits(limit)});
      try (var current = JinjavaInterpreter.closeablePushCurrent(interpreter).get()) {
        String output = current.value().render(root, true);
        check(current.value().getErrors());
        return output;
      } catch (TemplateException e) {
        throw e;
      } catch (RuntimeException e) {
        throw new TemplateException("line " + interpreter.getLineNumber() + ": " + firstLine(message(e)));
      } finally {
        DEADLINE.set(outer);
      }
    }
  }

  /** The message of a {@code raise_exception} among the causes, else the exception's own. */
  private static String message(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof TemplateException) {
        return cause.getMessage();
      }
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  /**
   * Parses {@code template}. As Jinja2 does by default ({@code keep_trailing_newline=False}), one
   * trailing newline of the template is dropped.
   *
   * @throws TemplateException on a syntax error
   */
  public Compiled compile(String template) {
    String source = template.endsWith("\r\n") ? template.substring(0, template.length() - 2)
        : template.endsWith("\n") ? template.substring(0, template.length() - 1) : template;
    JinjavaInterpreter parser =
        config.getInterpreterFactory().newInstance(jinjava, new Sandboxed(globals, Map.of(), config.getDisabled()), config);
    try (var current = JinjavaInterpreter.closeablePushCurrent(parser).get()) {
      Node root = current.value().parse(source);
      check(current.value().getErrors());
      return new Compiled(root);
    } catch (TemplateException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new TemplateException(firstLine(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
    }
  }

  /** Renders {@code template} once with {@code variables}. */
  String render(String template, Map<String, ?> variables) {
    return compile(template).render(variables);
  }

  private static void check(List<TemplateError> errors) {
    for (TemplateError error : errors) {
      if (error.getSeverity() == TemplateError.ErrorType.FATAL && error.getReason() == TemplateError.ErrorReason.DISABLED) {
        String name = String.valueOf(error.getFieldName() == null ? error.getMessage() : error.getFieldName());
        throw new TemplateException("line " + error.getLineno() + ": " + firstLine(String.valueOf(error.getMessage()))
            + " (" + name.replace(" is disabled in this context", "") + " depends on the clock or a random generator,"
            + " and a content-addressed result must not; pass the value in through constants or a column)");
      }
      if (error.getSeverity() == TemplateError.ErrorType.FATAL) {
        String message = error.getException() != null ? message(error.getException()) : String.valueOf(error.getMessage());
        throw new TemplateException("line " + error.getLineno() + ": " + firstLine(message));
      }
    }
  }

  private static String firstLine(String message) {
    String text = message.strip();
    int newline = text.indexOf('\n');
    return newline < 0 ? text : text.substring(0, newline);
  }

  /** A mutable deep copy of a JSON-like value, so a template may change it without touching the op or other rows. */
  public static Object mutableCopy(Object value) {
    if (value instanceof Map) {
      Map<Object, Object> out = new LinkedHashMap<>();
      ((Map<?, ?>) value).forEach((k, v) -> out.put(k, mutableCopy(v)));
      return out;
    }
    if (value instanceof Collection) {
      List<Object> out = new ArrayList<>();
      for (Object item : (Collection<?>) value) {
        out.add(mutableCopy(item));
      }
      return out;
    }
    return value;
  }

  // ------------------------------------------------------------------ output as Python's str()

  private static final class PythonInterpreterFactory implements InterpreterFactory {
    @Override
    public JinjavaInterpreter newInstance(JinjavaInterpreter original) {
      return new PythonInterpreter(original);
    }

    @Override
    public JinjavaInterpreter newInstance(Jinjava application, Context context, JinjavaConfig config) {
      return new PythonInterpreter(application, context, config);
    }
  }

  /** Prints values as Python's {@code str()} does. */
  private static final class PythonInterpreter extends JinjavaInterpreter {
    PythonInterpreter(Jinjava application, Context context, JinjavaConfig config) {
      super(application, context, config);
    }

    PythonInterpreter(JinjavaInterpreter original) {
      super(original);
    }

    @Override
    public String getAsString(Object value) {
      if (value == null) {
        return ""; // undefined, or None: Jinjava cannot tell them apart
      }
      if (value instanceof String || value instanceof Boolean || value instanceof Number
          || value instanceof Collection || value instanceof Map || value instanceof Object[]) {
        return PythonValues.str(value instanceof BigDecimal ? ((BigDecimal) value).doubleValue() : value);
      }
      return super.getAsString(value);
    }
  }

  // ------------------------------------------------------------------ filters

  /** Drops None items from lists and None entries from dicts, recursively. */
  private static final class DropNullsFilter implements Filter {
    @Override
    public String getName() {
      return "drop_nulls";
    }

    @Override
    public Object filter(Object value, JinjavaInterpreter interpreter, String... args) {
      return dropNulls(value);
    }

    static Object dropNulls(Object value) {
      if (value instanceof Map) {
        Map<Object, Object> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
          if (entry.getValue() != null) {
            out.put(entry.getKey(), dropNulls(entry.getValue()));
          }
        }
        return out;
      }
      if (value instanceof Collection) {
        List<Object> out = new ArrayList<>();
        for (Object item : (Collection<?>) value) {
          if (item != null) {
            out.add(dropNulls(item));
          }
        }
        return out;
      }
      return value;
    }
  }

  /** Python's {@code repr}. */
  private static final class ReprFilter implements Filter {
    @Override
    public String getName() {
      return "repr";
    }

    @Override
    public Object filter(Object value, JinjavaInterpreter interpreter, String... args) {
      return PythonValues.repr(value instanceof SafeString ? value.toString() : value);
    }
  }

  /** Jinja2's {@code join(d='', attribute=None)}, items printed as Python's {@code str()}. */
  private static final class JoinFilter implements Filter {
    @Override
    public String getName() {
      return "join";
    }

    @Override
    public Object filter(Object value, JinjavaInterpreter interpreter, String... args) {
      String separator = args.length > 0 && args[0] != null ? args[0] : "";
      String attribute = args.length > 1 ? args[1] : null;
      Iterable<?> items;
      if (value == null) {
        return "";
      } else if (value instanceof Iterable) {
        items = (Iterable<?>) value;
      } else if (value instanceof Object[]) {
        items = List.of((Object[]) value);
      } else if (value instanceof Map) {
        items = ((Map<?, ?>) value).keySet();
      } else {
        items = characters(PythonValues.str(value));
      }
      StringBuilder out = new StringBuilder();
      boolean first = true;
      for (Object item : items) {
        if (attribute != null && item instanceof Map) {
          item = ((Map<?, ?>) item).get(attribute);
        }
        out.append(first ? "" : separator).append(item == null ? "None" : PythonValues.str(item));
        first = false;
      }
      return out.toString();
    }

    private static List<String> characters(String s) {
      List<String> out = new ArrayList<>();
      s.codePoints().forEach(c -> out.add(new String(Character.toChars(c))));
      return out;
    }
  }

  /** Jinja2's {@code string}: Python's {@code str()}. */
  private static final class StringFilter implements Filter {
    @Override
    public String getName() {
      return "string";
    }

    @Override
    public Object filter(Object value, JinjavaInterpreter interpreter, String... args) {
      return value == null ? "" : PythonValues.str(value instanceof SafeString ? value.toString() : value);
    }
  }

  // ------------------------------------------------------------------ the sandbox

  /**
   * Arrays, lists and maps as Jinjava reads them, then only what templates need: Python methods
   * of strings, lists and dicts, filters and tests, and the loop variable. Any other property or
   * method is unknown: properties read as undefined, methods fail.
   */
  private static final class SandboxResolver extends CompositeELResolver {
    private final ELResolver beans = new JinjavaBeanELResolver(true);

    SandboxResolver() {
      add(new ArrayELResolver(true));
      add(new JinjavaListELResolver(true));
      add(new TypeConvertingMapELResolver(true));
      add(new ELResolver() {
        @Override
        public Object getValue(ELContext context, Object base, Object property) {
          if (base instanceof ForLoop) {
            return beans.getValue(context, base, property);
          }
          Long boxed = property instanceof Number ? Long.valueOf(((Number) property).longValue()) : integer(property);
          if (base instanceof CharSequence && boxed != null) { // "abc"[0], "abc"[-1]
            String s = base.toString();
            long index = boxed;
            int length = s.codePointCount(0, s.length());
            if (index < 0) {
              index += length;
            }
            context.setPropertyResolved(true);
            if (index < 0 || index >= length) {
              return null;
            }
            int at = s.offsetByCodePoints(0, (int) index);
            return s.substring(at, s.offsetByCodePoints(at, 1));
          }
          return null; // unresolved: undefined
        }

        @Override
        public Object invoke(ELContext context, Object base, Object method, Class<?>[] types, Object[] params) {
          String name = String.valueOf(method);
          if (base instanceof String || base instanceof SafeString) {
            if (!PythonValues.STR_METHODS.contains(name)) {
              throw forbidden(base, name);
            }
            context.setPropertyResolved(true);
            try {
              Object result = PythonValues.call(base.toString(), name, params);
              return result instanceof List ? new PyList(new ArrayList<>((List<?>) result)) : result;
            } catch (IllegalArgumentException e) {
              throw new jinjava.javax.el.ELException("str." + name + "(): " + e.getMessage());
            }
          }
          boolean allowed = (base instanceof Filter && name.equals("filter"))
              || (base instanceof ExpTest && (name.equals("evaluate") || name.equals("evaluateNegated")))
              || (base instanceof PyList && LIST_METHODS.contains(name))
              || (base instanceof PyMap && DICT_METHODS.contains(name))
              || (base instanceof ForLoop && LOOP_METHODS.contains(name));
          if (!allowed) {
            throw forbidden(base, name);
          }
          return beans.invoke(context, base, method, types, params);
        }

        @Override
        public Class<?> getType(ELContext context, Object base, Object property) {
          return null;
        }

        @Override
        public void setValue(ELContext context, Object base, Object property, Object value) {
          // read-only
        }

        @Override
        public boolean isReadOnly(ELContext context, Object base, Object property) {
          return true;
        }

        @Override
        public Iterator<java.beans.FeatureDescriptor> getFeatureDescriptors(ELContext context, Object base) {
          return null;
        }

        @Override
        public Class<?> getCommonPropertyType(ELContext context, Object base) {
          return null;
        }
      });
    }

    /** A bracket index, which Jinjava hands over as a string. */
    private static Long integer(Object property) {
      if (property instanceof String && ((String) property).matches("-?[0-9]{1,18}")) {
        return Long.parseLong((String) property);
      }
      return null;
    }

    private static MethodNotFoundException forbidden(Object base, String method) {
      return new MethodNotFoundException("'" + pythonType(base) + "' object has no method '" + method
          + "' that a template may call (templates may call the methods of Python's str, list and dict only)");
    }

    private static String pythonType(Object value) {
      if (value instanceof CharSequence) {
        return "str";
      }
      if (value instanceof Boolean) {
        return "bool";
      }
      if (value instanceof Long || value instanceof Integer) {
        return "int";
      }
      if (value instanceof Number) {
        return "float";
      }
      if (value instanceof List) {
        return "list";
      }
      if (value instanceof Map) {
        return "dict";
      }
      return value == null ? "NoneType" : "object";
    }
  }
}
