package krnel.jupyter;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import jdk.jshell.execution.DirectExecutionControl;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;

/**
 * Runs JShell snippets in the kernel's own JVM and keeps each snippet's value as an object, not only
 * as the string JShell hands back, so that the kernel can render it (an op as its graph).
 *
 * <p>The idea, an {@code invoke} that returns a key to the kept value, is taken from
 * {@code org.dflib.jjava.kernel.execution.JJavaExecutionControl} of DFLib JJava 1.0-a6, licensed under
 * the Apache License, Version 2.0 ("DFLib JJava, Copyright 2025 ObjectStyle LLC and Individual
 * Authors. This software was created based on IJava code developed by Spencer Park"). Changed: values
 * run on the calling thread with a context class loader set, no timeout, nulls not kept.
 */
final class NotebookExecutionControl extends DirectExecutionControl {
  private final NotebookLoaderDelegate loader;
  private final Map<String, Object> values = new ConcurrentHashMap<>();

  NotebookExecutionControl(NotebookLoaderDelegate loader) {
    super(loader);
    this.loader = loader;
  }

  NotebookLoaderDelegate loader() {
    return loader;
  }

  /** Runs the snippet with the notebook's loader as context loader (ServiceLoader, the op catalogue); keeps its value. */
  @Override
  protected String invoke(Method doitMethod) throws Exception {
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(loader.contextLoader());
    try {
      Object value = doitMethod.invoke(null);
      String key = UUID.randomUUID().toString();
      if (value != null) { // a statement's null is never taken
        values.put(key, value);
      }
      return key;
    } finally {
      thread.setContextClassLoader(previous);
    }
  }

  /** The value kept under {@code key} (null for a null value); it is forgotten, as it was taken. */
  Object take(String key) {
    return key == null ? null : values.remove(key);
  }

  /** Hands JShell this one control: the kernel keeps a reference to read values back. */
  static ExecutionControlProvider providing(NotebookExecutionControl control) {
    return new ExecutionControlProvider() {
      @Override
      public String name() {
        return "krnel-notebook";
      }

      @Override
      public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) {
        return control;
      }
    };
  }
}
