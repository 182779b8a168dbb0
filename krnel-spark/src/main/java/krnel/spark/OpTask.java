package krnel.spark;

import java.io.Serializable;
import java.util.Map;
import java.util.Set;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.util.LongAccumulator;

/**
 * What every task of one row-wise op needs, sent from the driver: the op as graph JSON (rebuilt
 * and checked against its uuid on the executor), its implementation's class, where the inputs and
 * the parts are.
 *
 * @param storeUri the store executors read {@code storedInputs} from; null when they read none
 * @param storedInputs uuids of the row-aligned inputs each task reads its slice of from the store
 * @param wholeInputs the other inputs (models, vocabularies), whole, from the driver
 * @param partsDirectory where tasks write their parts, one file per task attempt
 * @param threadsPerTask the cores Spark gives a task ({@code spark.task.cpus}), for the part's compression
 * @param executorCores the cores of each executor ({@link ExecutorCores}), 0 where only the cluster knows
 */
record OpTask(
    String graphJson,
    String uuid,
    String implementationClass,
    String storeUri,
    Set<String> storedInputs,
    Broadcast<Map<String, ShippedInput>> wholeInputs,
    String partsDirectory,
    int threadsPerTask,
    int executorCores,
    LongAccumulator rowsDone)
    implements Serializable {}
