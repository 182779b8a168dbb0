package krnel.impl;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import krnel.graph.OpSpec;
import krnel.ops.GroupedOp;
import krnel.runner.Inputs;
import krnel.runner.OpImplementation;
import krnel.runner.Result;

/**
 * Materializes every member (the runner computes an op's inputs before the op, and the members
 * are its inputs), then records a JSON summary, {@code {"ops": [uuid, ...]}}, as the group's own
 * result. The reference stores the last member's table instead, which fails for members with JSON
 * results and duplicates data.
 */
public final class GroupedOpImplementation implements OpImplementation<GroupedOp> {
  @Override
  public Class<GroupedOp> opType() {
    return GroupedOp.class;
  }

  @Override
  public String version() {
    return "1";
  }

  @Override
  public Result compute(GroupedOp op, Inputs inputs) {
    ObjectNode summary = JsonNodeFactory.instance.objectNode();
    ArrayNode uuids = summary.putArray("ops");
    for (OpSpec member : op.ops()) {
      uuids.add(member.uuid());
    }
    return Result.json(summary);
  }
}
