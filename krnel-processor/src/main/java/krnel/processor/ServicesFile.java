package krnel.processor;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.TreeSet;
import javax.annotation.processing.Filer;
import javax.annotation.processing.ProcessingEnvironment;
import javax.tools.Diagnostic;
import javax.tools.FileObject;
import javax.tools.StandardLocation;

/**
 * Writes a {@code META-INF/services} file, merged with the one already in the class output: an
 * incremental build recompiles only some sources, and the entries of the others must stay (as
 * AutoService does). Entries are sorted, so the file does not depend on the order of compilation.
 */
final class ServicesFile {
  private ServicesFile() {}

  static void merge(ProcessingEnvironment env, String path, Set<String> compiled) {
    if (compiled.isEmpty()) {
      return;
    }
    Filer filer = env.getFiler();
    Set<String> entries = new TreeSet<>(compiled);
    try {
      FileObject existing = filer.getResource(StandardLocation.CLASS_OUTPUT, "", path);
      try (BufferedReader in = new BufferedReader(new InputStreamReader(existing.openInputStream(), StandardCharsets.UTF_8))) {
        in.lines().map(String::trim).filter(line -> !line.isEmpty() && !line.startsWith("#")).forEach(entries::add);
      }
    } catch (IOException | IllegalArgumentException noneYet) {
      // first build: nothing to merge
    }
    try {
      FileObject file = filer.createResource(StandardLocation.CLASS_OUTPUT, "", path);
      try (Writer out = new OutputStreamWriter(file.openOutputStream(), StandardCharsets.UTF_8)) {
        for (String entry : entries) {
          out.write(entry);
          out.write('\n');
        }
      }
    } catch (IOException e) {
      env.getMessager().printMessage(Diagnostic.Kind.ERROR, "Krnel could not write " + path + ": " + e);
    }
  }
}
