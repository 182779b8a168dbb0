package krnel.processor;

import com.sun.source.tree.BinaryTree;
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.TypeCastTree;
import com.sun.source.tree.UnaryTree;
import com.sun.source.util.Trees;
import java.util.Set;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;

/**
 * Checks that a default method returns a compile-time constant. Defaults are hashed into uuids, so a
 * default computed at run time would make the same declaration hash differently from run to run.
 *
 * <p>Method bodies are only available as syntax trees during annotation processing (they are not
 * attributed yet), so this is a syntactic check: literals, names of constants and enum constants,
 * operators and casts over those, and {@code List.of}/{@code Map.of} of those. Where the compiler
 * offers no trees (not javac), every default is accepted.
 */
final class DefaultChecker {
  private static final Set<String> CONSTANT_FACTORIES = Set.of("List.of", "Map.of", "java.util.List.of", "java.util.Map.of");

  private final Trees trees;

  DefaultChecker(ProcessingEnvironment env) {
    Trees found;
    try {
      found = Trees.instance(env);
    } catch (IllegalArgumentException | LinkageError notJavac) {
      found = null;
    }
    this.trees = found;
  }

  boolean isConstant(ExecutableElement method) {
    if (trees == null) {
      return true;
    }
    MethodTree tree = trees.getTree(method);
    if (tree == null || tree.getBody() == null) {
      return true; // compiled elsewhere: it was checked when it was compiled
    }
    BlockTree body = tree.getBody();
    if (body.getStatements().size() != 1) {
      return false;
    }
    StatementTree statement = body.getStatements().get(0);
    if (!(statement instanceof ReturnTree)) {
      return false;
    }
    return isConstant(((ReturnTree) statement).getExpression(), (TypeElement) method.getEnclosingElement());
  }

  private boolean isConstant(ExpressionTree expression, TypeElement owner) {
    switch (expression.getKind()) {
      case INT_LITERAL:
      case LONG_LITERAL:
      case FLOAT_LITERAL:
      case DOUBLE_LITERAL:
      case BOOLEAN_LITERAL:
      case CHAR_LITERAL:
      case STRING_LITERAL:
      case NULL_LITERAL:
        return true;
      case PARENTHESIZED:
        return isConstant(((ParenthesizedTree) expression).getExpression(), owner);
      case TYPE_CAST:
        return isConstant(((TypeCastTree) expression).getExpression(), owner);
      case UNARY_MINUS:
      case UNARY_PLUS:
      case LOGICAL_COMPLEMENT:
        return isConstant(((UnaryTree) expression).getExpression(), owner);
      case IDENTIFIER:
        return isConstantName(((IdentifierTree) expression).getName().toString(), owner);
      case MEMBER_SELECT:
        // Enum constants and constants of other types (Qualified.NAME): the compiler checks that they
        // exist; a constant-looking name is all we can see before attribution.
        return isUpperSnake(((MemberSelectTree) expression).getIdentifier().toString());
      case METHOD_INVOCATION:
        MethodInvocationTree call = (MethodInvocationTree) expression;
        if (!CONSTANT_FACTORIES.contains(call.getMethodSelect().toString())) {
          return false;
        }
        return call.getArguments().stream().allMatch(argument -> isConstant(argument, owner));
      default:
        if (expression instanceof BinaryTree) {
          BinaryTree binary = (BinaryTree) expression;
          return isConstant(binary.getLeftOperand(), owner) && isConstant(binary.getRightOperand(), owner);
        }
        return false;
    }
  }

  /** A simple name must be a constant field or enum constant of the declaring interface or its types. */
  private boolean isConstantName(String name, TypeElement owner) {
    for (Element member : owner.getEnclosedElements()) {
      if (member.getSimpleName().contentEquals(name)) {
        if (member.getKind() == ElementKind.ENUM_CONSTANT) {
          return true;
        }
        if (member.getKind() == ElementKind.FIELD) {
          return ((VariableElement) member).getConstantValue() != null;
        }
      }
    }
    return isUpperSnake(name); // a statically imported constant
  }

  private static boolean isUpperSnake(String name) {
    return name.chars().allMatch(c -> Character.isUpperCase(c) || Character.isDigit(c) || c == '_');
  }
}
