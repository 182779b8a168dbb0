package krnel.onnx;

import ai.onnx.proto.OnnxMl;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * ONNX external data: initializers whose bytes live in files beside the {@code .onnx} file, as in
 * every export over 2 GB (protobuf's limit) and many Hub repositories ({@code model.onnx_data}).
 * krnel edits only the graph, which keeps referring to those files by relative path; ORT reads
 * them when a session is made, told the model's folder by {@link #FOLDER_KEY}.
 */
final class ExternalData {
  private ExternalData() {}

  /** The session option that tells ORT where a graph loaded from bytes finds its data files. */
  static final String FOLDER_KEY = "session.model_external_initializers_file_folder_path";

  /** The data files per model file, for the model file's size and modification time. */
  private static final Map<Path, Stamped> FILES = new ConcurrentHashMap<>();

  private record Stamped(long size, long modified, List<Path> files) {}

  static boolean uses(OnnxMl.GraphProto graph) {
    return graph.getInitializerList().stream()
        .anyMatch(init -> init.getDataLocation() == OnnxMl.TensorProto.DataLocation.EXTERNAL);
  }

  /**
   * The data files {@code graph}'s initializers name, in {@code folder}, sorted, as absolute normalized paths.
   *
   * @throws IllegalArgumentException naming the model, the file and the fix when one is missing or
   *     lies outside the folder
   */
  static List<Path> files(OnnxMl.GraphProto graph, Path folder, String modelName) {
    Path base = folder.toAbsolutePath().normalize();
    TreeSet<Path> files = new TreeSet<>();
    for (OnnxMl.TensorProto init : graph.getInitializerList()) {
      if (init.getDataLocation() != OnnxMl.TensorProto.DataLocation.EXTERNAL) {
        continue;
      }
      String location = init.getExternalDataList().stream().filter(e -> e.getKey().equals("location"))
          .map(OnnxMl.StringStringEntryProto::getValue).findFirst().orElse("");
      Path file = base.resolve(location).normalize();
      if (location.isEmpty() || !file.startsWith(base)) {
        throw new IllegalArgumentException("model_name: " + modelName + ": initializer " + init.getName()
            + " keeps its data in \"" + location + "\", which is not a file inside " + folder
            + "; re-export the model with its data files beside model.onnx");
      }
      if (!Files.isRegularFile(file)) {
        throw new IllegalArgumentException("model_name: " + modelName + ": initializer " + init.getName()
            + " keeps its data in " + file + ", which does not exist; copy the model's data files (" + location
            + ") beside its .onnx file");
      }
      files.add(file);
    }
    return List.copyOf(files);
  }

  /** The data files the ONNX file {@code model} refers to (none for most), read once per file state. */
  static List<Path> filesOf(Path model, String modelName) throws IOException {
    long size = Files.size(model);
    long modified = Files.getLastModifiedTime(model).toMillis();
    Stamped known = FILES.get(model);
    if (known != null && known.size() == size && known.modified() == modified) {
      return known.files();
    }
    if (size > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("model_name: " + modelName + ": " + model + " is over 2 GiB, more than"
          + " an ONNX file can hold; export the model with its weights in external data files");
    }
    OnnxMl.ModelProto proto;
    try (FileChannel channel = FileChannel.open(model)) {
      // mapped and aliased: the weights' bytes are not copied just to read where the data files are
      CodedInputStream in = CodedInputStream.newInstance(channel.map(FileChannel.MapMode.READ_ONLY, 0, size));
      in.enableAliasing(true);
      in.setSizeLimit(Integer.MAX_VALUE);
      proto = OnnxMl.ModelProto.parseFrom(in);
    } catch (InvalidProtocolBufferException e) {
      return List.of(); // not an ONNX file: loading it says so
    }
    List<Path> files = files(proto.getGraph(), model.toAbsolutePath().getParent(), modelName);
    FILES.put(model, new Stamped(size, modified, files));
    return files;
  }

  /** {@code options}, told where the data files are when {@code folder} is not null. */
  static OrtSession.SessionOptions locate(OrtSession.SessionOptions options, Path folder) throws OrtException {
    if (folder != null) {
      options.addConfigEntry(FOLDER_KEY, folder.toString());
    }
    return options;
  }
}
