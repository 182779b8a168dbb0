package krnel.jupyter;

import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import jdk.jshell.execution.LoaderDelegate;
import jdk.jshell.spi.ExecutionControl;

/**
 * Loads JShell's snippet classes and the classes of {@code %%krnelop} cells into one class loader
 * whose parent is the kernel's, so snippets, cell classes and the Runner share Krnel's classes.
 *
 * <p>Adapted from {@code org.dflib.jjava.kernel.execution.JJavaLoaderDelegate} of DFLib JJava 1.0-a6,
 * licensed under the Apache License, Version 2.0 ("DFLib JJava, Copyright 2025 ObjectStyle LLC and
 * Individual Authors. This software was created based on IJava code developed by Spencer Park").
 * Changed: the kernel's loader as parent, no unloading, no change to {@code java.class.path}.
 */
final class NotebookLoaderDelegate implements LoaderDelegate {
  private final Map<String, byte[]> declared = new ConcurrentHashMap<>();
  private final Map<String, Class<?>> loaded = new ConcurrentHashMap<>();
  private final SnippetClassLoader loader = new SnippetClassLoader(NotebookLoaderDelegate.class.getClassLoader());

  private volatile ClassLoader context = loader;

  ClassLoader classLoader() {
    return loader;
  }

  /** The context class loader of snippets: the snippets' loader, or one that adds the cells' op catalogue. */
  ClassLoader contextLoader() {
    return context;
  }

  void setContextLoader(ClassLoader context) {
    this.context = context;
  }

  @Override
  public void load(ExecutionControl.ClassBytecodes[] classes) throws ExecutionControl.ClassInstallException {
    boolean[] installed = new boolean[classes.length];
    for (int i = 0; i < classes.length; i++) {
      declared.put(classes[i].name(), classes[i].bytecodes());
      try {
        loaded.put(classes[i].name(), loader.findClass(classes[i].name()));
      } catch (ClassNotFoundException | LinkageError e) {
        throw new ExecutionControl.ClassInstallException("cannot load " + classes[i].name() + ": " + e.getMessage(), installed);
      }
      installed[i] = true;
    }
  }

  @Override
  public void classesRedefined(ExecutionControl.ClassBytecodes[] classes) {
    for (ExecutionControl.ClassBytecodes c : classes) {
      declared.put(c.name(), c.bytecodes());
    }
  }

  @Override
  public void addToClasspath(String path) throws ExecutionControl.InternalException {
    for (String entry : path.split(java.io.File.pathSeparator)) {
      if (entry.isEmpty()) {
        continue;
      }
      try {
        loader.addURL(Path.of(entry).toUri().toURL());
      } catch (MalformedURLException e) {
        throw new ExecutionControl.InternalException("cannot add " + entry + " to the class path: " + e.getMessage());
      }
    }
  }

  @Override
  public Class<?> findClass(String name) throws ClassNotFoundException {
    Class<?> found = loaded.get(name);
    if (found == null) {
      throw new ClassNotFoundException(name + " was not loaded by JShell");
    }
    return found;
  }

  /** Parent first, then the snippets JShell compiled, then the added directories. */
  private final class SnippetClassLoader extends URLClassLoader {
    SnippetClassLoader(ClassLoader parent) {
      super(new URL[0], parent);
    }

    @Override
    protected void addURL(URL url) {
      super.addURL(url);
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
      byte[] bytes = declared.get(name);
      if (bytes == null) {
        return super.findClass(name);
      }
      return defineClass(name, bytes, 0, bytes.length, (CodeSource) null);
    }
  }
}
