package io.kcrawler.activities.schemaregistry;

import com.squareup.wire.schema.CoreLoader;
import com.squareup.wire.schema.ErrorCollector;
import com.squareup.wire.schema.Field;
import com.squareup.wire.schema.Linker;
import com.squareup.wire.schema.Loader;
import com.squareup.wire.schema.Location;
import com.squareup.wire.schema.MessageType;
import com.squareup.wire.schema.ProtoFile;
import com.squareup.wire.schema.ProtoType;
import com.squareup.wire.schema.Schema;
import com.squareup.wire.schema.Type;
import com.squareup.wire.schema.internal.parser.ProtoParser;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Flattens Protobuf schemas with Wire's parser and linker. Imports are served from the registry's
 * references by import path, {@code google/protobuf/*} from Wire's bundled copies. The subject's
 * record is the first message of the file, as Confluent's serializers assume by default.
 */
final class ProtobufSchemaParser {
  /** The path the subject's own file gets; imports never use it. */
  static final String MAIN_FILE = "__subject__.proto";

  ParsedSchema parse(String text, List<ResolvedReference> references, String role) {
    Schema schema;
    try {
      Map<String, ProtoFile> files = new HashMap<>();
      for (ResolvedReference ref : references) {
        files.put(ref.name(), protoFile(ref.name(), ref.schema()));
      }
      ProtoFile main = protoFile(MAIN_FILE, text);
      Loader loader = new MapLoader(files);
      schema = new Linker(loader, new ErrorCollector(), false, true).link(List.of(main));
    } catch (RuntimeException e) {
      return ParsedSchema.failed(e.getMessage());
    }
    MessageType root =
        schema.protoFile(MAIN_FILE).getTypes().stream()
            .filter(t -> t instanceof MessageType)
            .map(t -> (MessageType) t)
            .findFirst()
            .orElse(null);
    if (root == null) {
      return ParsedSchema.ok(null, List.of());
    }
    FieldCollector out = new FieldCollector(role);
    message(schema, root, "", out, new ArrayDeque<>(), 0);
    return ParsedSchema.ok(root.getType().toString(), out.fields());
  }

  private static ProtoFile protoFile(String path, String text) {
    return ProtoFile.Companion.get(ProtoParser.Companion.parse(Location.get("", path), text));
  }

  private void message(
      Schema schema,
      MessageType m,
      String path,
      FieldCollector out,
      Deque<String> stack,
      int depth) {
    String name = m.getType().toString();
    if (depth > FieldCollector.MAX_DEPTH || stack.contains(name)) {
      return; // recursive message: listed once
    }
    stack.push(name);
    List<Field> fields =
        m.getFieldsAndOneOfFields().stream()
            .sorted(
                Comparator.comparingInt((Field f) -> f.getLocation().getLine())
                    .thenComparingInt(f -> f.getLocation().getColumn()))
            .toList();
    int order = 0;
    for (Field f : fields) {
      ProtoType t = f.getType();
      String type = f.isRepeated() ? "repeated<" + t + ">" : t.toString();
      out.add(
          path, f.getName(), type, !f.isRequired(), f.getDefault(), f.getDocumentation(), order++);
      String fieldPath = FieldCollector.child(path, f.getName());
      if (t.isMap()) {
        if (schema.getType(t.getValueType()) instanceof MessageType v) {
          message(schema, v, FieldCollector.values(fieldPath), out, stack, depth + 1);
        }
      } else {
        Type nested = schema.getType(t);
        if (nested instanceof MessageType mt) {
          message(
              schema,
              mt,
              f.isRepeated() ? FieldCollector.items(fieldPath) : fieldPath,
              out,
              stack,
              depth + 1);
        }
      }
    }
    stack.pop();
  }

  /** Serves imports from the references; anything else (google/protobuf/…) from Wire's copies. */
  private static final class MapLoader implements Loader {
    private final Map<String, ProtoFile> files;

    MapLoader(Map<String, ProtoFile> files) {
      this.files = files;
    }

    @Override
    public ProtoFile load(String path) {
      ProtoFile file = files.get(path);
      return file != null ? file : CoreLoader.INSTANCE.load(path);
    }

    @Override
    public Loader withErrors(ErrorCollector errors) {
      return this;
    }
  }
}
