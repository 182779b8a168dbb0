package krnel.processor;

import javax.annotation.processing.Messager;
import javax.lang.model.element.Element;
import javax.tools.Diagnostic.Kind;

/** Reports problems at the element they concern and remembers whether any error was reported. */
final class Reporter {
  private final Messager messager;
  private int errors;

  Reporter(Messager messager) {
    this.messager = messager;
  }

  void error(Element element, Problem problem, Object... args) {
    errors++;
    messager.printMessage(Kind.ERROR, problem.message(args), element);
  }

  int errorCount() {
    return errors;
  }
}
