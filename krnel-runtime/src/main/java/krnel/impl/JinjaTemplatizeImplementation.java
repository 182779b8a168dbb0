package krnel.impl;
import krnel.runner.RowWise;
import krnel.graph.OpSpec;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import krnel.ops.JinjaTemplatizeOp;
import krnel.runner.Inputs;
import krnel.runner.OpImplementation;
import krnel.runner.Progress;
import krnel.runner.Result;
import krnel.types.PromptColumn;
import org.apache.arrow.vector.VarCharVector;

/**
 * Renders {@code template} once per row: the variables are {@code constants}, then row {@code i}
 * of each {@code context} column (text as strings, JSON/struct columns as maps and lists, so
 * {@code {{metadata.version}}} works). All context columns must have the same length. With no
 * context column at all the template renders once (one row), as in the reference: the op has no
 * dataset to count rows from (see the class notes of {@link JinjaTemplates} for the template
 * language). {@code max_length} truncates each row to that many characters (code points).
 */
public final class JinjaTemplatizeImplementation
    implements OpImplementation<JinjaTemplatizeOp>, RowWise<JinjaTemplatizeOp> {
  @Override
  public Class<JinjaTemplatizeOp> opType() {
    return JinjaTemplatizeOp.class;
  }

  /** Row i renders row i of every context column; with no context the op is one row, not split. */
  @Override
  public List<OpSpec> rowAlignedInputs(JinjaTemplatizeOp op) {
    return List.copyOf(op.context().values());
  }

  @Override
  public String version() {
    return "1";
  }

  @Override
  public Result compute(JinjaTemplatizeOp op, Inputs inputs) {
    if (op.maxLength() != null && op.maxLength() < 0) {
      throw new IllegalArgumentException("max_length: must be at least 0; got " + op.maxLength());
    }
    Map<String, List<Object>> columns = new LinkedHashMap<>();
    String firstName = null;
    int rows = 1;
    for (Map.Entry<String, PromptColumn> entry : op.context().entrySet()) {
      List<Object> values = ArrowValues.values(
          Tables.column(inputs.table(entry.getValue()), "context[\"" + entry.getKey() + "\"]", entry.getValue()));
      if (firstName == null) {
        firstName = entry.getKey();
        rows = values.size();
      } else if (values.size() != rows) {
        throw new IllegalArgumentException("context: All context columns must have the same length ('" + firstName
            + "' has " + rows + " rows, '" + entry.getKey() + "' has " + values.size() + ")");
      }
      columns.put(entry.getKey(), values);
    }
    JinjaTemplates.Compiled template;
    try {
      template = new JinjaTemplates().compile(op.template());
    } catch (JinjaTemplates.TemplateException e) {
      throw new IllegalArgumentException("template: " + e.getMessage(), e);
    }
    VarCharVector out = new VarCharVector(op.uuid(), inputs.allocator());
    try {
      out.allocateNew(rows);
      Progress progress = rows >= 10_000 ? inputs.progress("Render template", rows) : null;
      Map<String, Object> variables = new HashMap<>();
      for (int i = 0; i < rows; i++) {
        variables.clear();
        op.constants().forEach((name, value) -> variables.put(name, JinjaTemplates.mutableCopy(value)));
        for (Map.Entry<String, List<Object>> column : columns.entrySet()) {
          variables.put(column.getKey(), column.getValue().get(i));
        }
        String rendered;
        try {
          rendered = template.render(variables);
        } catch (JinjaTemplates.TemplateException e) {
          throw new IllegalArgumentException("template: " + e.getMessage() + " (rendering row " + i + ")", e);
        }
        if (op.maxLength() != null && rendered.codePointCount(0, rendered.length()) > op.maxLength()) {
          rendered = rendered.substring(0, rendered.offsetByCodePoints(0, op.maxLength()));
        }
        out.setSafe(i, rendered.getBytes(StandardCharsets.UTF_8));
        if (progress != null) {
          progress.step(1);
        }
      }
      if (progress != null) {
        progress.close();
      }
      out.setValueCount(rows);
    } catch (RuntimeException e) {
      out.close();
      throw e;
    }
    return Tables.single(op, out);
  }
}
