package krnel.jupyter;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
 * Authors. This software was created based on IJava code developed by Spencer Park"). As there, a
 * snippet runs on a thread of its own, which {@link #stop} (Jupyter's interrupt) interrupts; the kernel's
 * message loops are never interrupted. Changed: a context class loader set, no timeout, nulls not kept.
 */
final class NotebookExecutionControl extends DirectExecutionControl {
  private final NotebookLoaderDelegate loader;
  private final Map<String, Object> values = new ConcurrentHashMap<>();
  /** One thread runs the snippets, one at a time; a daemon, so that a stuck cell cannot keep the kernel alive. */
  private final ExecutorService cellThread = Executors.newSingleThreadExecutor(run -> {
    Thread thread = new Thread(run, "krnel-cell");
    thread.setDaemon(true);
    return thread;
  });
  /** The thread running a snippet now, else null; guarded by {@code this}. */
  private Thread running;

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
    Future<Object> snippet = cellThread.submit(() -> {
      Thread thread = Thread.currentThread();
      thread.setContextClassLoader(loader.contextLoader());
      synchronized (this) {
        running = thread;
      }
      try {
        return doitMethod.invoke(null);
      } finally {
        synchronized (this) {
          running = null;
          Thread.interrupted(); // an interrupt that came too late for this snippet is not the next one's
        }
      }
    });
    Object value;
    try {
      value = snippet.get(); // an interrupt ends the snippet, which throws; it is not abandoned running
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception cause ? cause : new InvocationTargetException(e.getCause());
    }
    String key = UUID.randomUUID().toString();
    if (value != null) { // a statement's null is never taken
      values.put(key, value);
    }
    return key;
  }

  /**
   * Jupyter's interrupt (the stop button): interrupts the running snippet's thread. A blocking call throws
   * InterruptedException, a running op stops at its next progress step and is marked failed; code that never
   * checks runs on (restart the kernel).
   */
  @Override
  public synchronized void stop() {
    if (running != null) {
      running.interrupt();
    }
  }

  @Override
  public void close() {
    cellThread.shutdownNow();
    super.close();
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
