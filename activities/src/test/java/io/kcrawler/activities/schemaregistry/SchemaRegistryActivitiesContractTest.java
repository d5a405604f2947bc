package io.kcrawler.activities.schemaregistry;

import static org.assertj.core.api.Assertions.assertThat;

import io.kcrawler.activities.secrets.EnvFileSecretResolver;
import io.kcrawler.devkit.schemaregistry.SchemaRegistryContractServer;
import io.kcrawler.devkit.schemaregistry.SchemaRegistryContractServer.Reference;
import io.kcrawler.model.Phases;
import io.kcrawler.model.schema.SchemaField;
import io.kcrawler.model.schema.SchemaReference;
import io.kcrawler.model.schema.SchemaSubjectMetadata;
import io.kcrawler.model.schema.SchemaVersionMetadata;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The schema phase against the contract server: every format parsed into the exact expected fields,
 * references resolved from the registry, an unparseable schema recorded, subjects mapped to the
 * crawled topics (look-alikes and excluded topics included), compatibility levels.
 */
class SchemaRegistryActivitiesContractTest {
  static final String ADDRESS_AVRO =
      """
      {"type":"record","name":"Address","namespace":"com.acme","fields":[
        {"name":"street","type":"string"},
        {"name":"city","type":"string","doc":"City name"},
        {"name":"zip","type":["null","string"],"default":null}]}
      """;

  static final String ORDER_AVRO =
      """
      {"type":"record","name":"Order","namespace":"com.acme","doc":"An order","fields":[
        {"name":"id","type":"string","doc":"Order id"},
        {"name":"amount","type":{"type":"bytes","logicalType":"decimal","precision":10,"scale":2}},
        {"name":"customer","type":{"type":"record","name":"Customer","fields":[
          {"name":"name","type":"string"},
          {"name":"address","type":"com.acme.Address"}]}},
        {"name":"items","type":{"type":"array","items":{"type":"record","name":"Item","fields":[
          {"name":"sku","type":"string"},
          {"name":"qty","type":"int","default":1}]}}},
        {"name":"attributes","type":{"type":"map","values":"string"},"default":{}},
        {"name":"note","type":["null","string"],"default":null},
        {"name":"payment","type":["null",
          {"type":"record","name":"Card","fields":[{"name":"number","type":"string"}]},
          {"type":"record","name":"Transfer","fields":[{"name":"iban","type":"string"}]}]},
        {"name":"status","type":{"type":"enum","name":"Status","symbols":["NEW","DONE"]},
         "default":"NEW"}]}
      """;

  static final String CUSTOMER_JSON =
      """
      {"title":"Customer","type":"object","properties":{
        "name":{"type":"string","description":"Full name"},
        "email":{"type":["string","null"],"format":"email"}},
       "required":["name"]}
      """;

  static final String PAYMENT_JSON =
      """
      {"$schema":"http://json-schema.org/draft-07/schema#","title":"Payment","type":"object",
       "properties":{
         "paymentId":{"type":"string","description":"Payment id"},
         "amount":{"type":"number","default":0},
         "customer":{"$ref":"customer.json"},
         "shipping":{"$ref":"#/definitions/Address"},
         "lines":{"type":"array","items":{"type":"object","properties":{
           "sku":{"type":"string"},"quantity":{"type":"integer"}},"required":["sku"]}},
         "metadata":{"type":"object","additionalProperties":{"type":"string"}},
         "method":{"oneOf":[
           {"title":"Card","type":"object","properties":{"cardNumber":{"type":"string"}}},
           {"title":"Wire","type":"object","properties":{"iban":{"type":"string"}}}]}},
       "required":["paymentId","customer"],
       "definitions":{"Address":{"type":"object","properties":{
         "street":{"type":"string"},"zip":{"type":"string"}},"required":["street"]}}}
      """;

  static final String COMMON_PROTO =
      """
      syntax = "proto3";
      package acme;

      message Money {
        string currency = 1;
        int64 units = 2;
      }
      """;

  static final String SHIPMENT_PROTO =
      """
      syntax = "proto3";
      package acme.shipping;

      import "acme/common.proto";

      // A shipment.
      message Shipment {
        // Shipment id
        string id = 1;
        acme.Money cost = 2;
        repeated Parcel parcels = 3;
        map<string, string> labels = 4;
        oneof destination {
          string locker_id = 5;
          Address address = 6;
        }
        optional string note = 7;

        message Parcel {
          int32 weight_grams = 1;
          repeated string tags = 2;
        }
      }

      message Address {
        string street = 1;
      }
      """;

  static final String BROKEN_AVRO =
      """
      {"type":"record","name":"Broken","fields":[{"name":"x","type":"NoSuchType"}]}
      """;

  static final List<String> TOPICS =
      List.of("orders", "orders.retry", "payments", "shipments", "broken");

  @TempDir static Path dir;
  static SchemaRegistryContractServer registry;
  static SchemaCrawlFixture fixture;
  static SchemaCrawlFixture.Result result;

  @BeforeAll
  static void crawl() throws Exception {
    registry = SchemaRegistryContractServer.start();
    registry.register("com.acme.Address", "AVRO", ADDRESS_AVRO);
    registry.register(
        "orders-value",
        "AVRO",
        ORDER_AVRO,
        List.of(new Reference("com.acme.Address", "com.acme.Address", 1)));
    registry.register("orders-key", "AVRO", "\"string\"");
    registry.register("orders.retry-value", "AVRO", ADDRESS_AVRO);
    registry.register("orders-dlt-value", "AVRO", ADDRESS_AVRO);
    registry.register("customer-schema", "JSON", CUSTOMER_JSON);
    registry.register(
        "payments-value",
        "JSON",
        PAYMENT_JSON,
        List.of(new Reference("customer.json", "customer-schema", 1)));
    registry.register("acme-common", "PROTOBUF", COMMON_PROTO);
    registry.register(
        "shipments-value",
        "PROTOBUF",
        SHIPMENT_PROTO,
        List.of(new Reference("acme/common.proto", "acme-common", 1)));
    registry.registerUnchecked("broken-value", "AVRO", BROKEN_AVRO);
    registry.register("ghost-value", "AVRO", ADDRESS_AVRO);
    registry.setSubjectCompatibility("orders-value", "FULL_TRANSITIVE");
    registry.setGlobalCompatibility("BACKWARD");

    fixture =
        new SchemaCrawlFixture(dir, new EnvFileSecretResolver(Map.of()), SchemaCrawlFixture.FAST);
    result =
        fixture.crawl(
            SchemaCrawlFixture.config(
                registry.url(), "TopicNameStrategy", null, null, false, true, false),
            TOPICS,
            List.of("orders-dlt"));
  }

  @AfterAll
  static void stop() {
    fixture.close();
    registry.close();
  }

  static SchemaField f(
      String path, String name, String type, boolean optional, String dflt, String doc, int order) {
    return new SchemaField(path, name, type, optional, dflt, doc, order, "VALUE");
  }

  @Test
  void givenAvroWithNestedRecordsUnionsArraysMapsAndAReference_whenCrawled_thenFieldsAreExact() {
    SchemaSubjectMetadata orders = result.subjects().get("orders-value");
    SchemaVersionMetadata v = orders.latest();
    assertThat(v.parseError()).isNull();
    assertThat(v.schemaType()).isEqualTo("AVRO");
    assertThat(v.references())
        .containsExactly(new SchemaReference("com.acme.Address", "com.acme.Address", 1));
    assertThat(orders.recordName()).isEqualTo("com.acme.Order");
    assertThat(v.fields())
        .containsExactly(
            f("id", "id", "string", false, null, "Order id", 0),
            f("amount", "amount", "bytes:decimal(10,2)", false, null, null, 1),
            f("customer", "customer", "record:com.acme.Customer", false, null, null, 2),
            f("customer.name", "name", "string", false, null, null, 0),
            f("customer.address", "address", "record:com.acme.Address", false, null, null, 1),
            f("customer.address.street", "street", "string", false, null, null, 0),
            f("customer.address.city", "city", "string", false, null, "City name", 1),
            f("customer.address.zip", "zip", "string", true, "null", null, 2),
            f("items", "items", "array<record:com.acme.Item>", false, null, null, 3),
            f("items[].sku", "sku", "string", false, null, null, 0),
            f("items[].qty", "qty", "int", false, "1", null, 1),
            f("attributes", "attributes", "map<string>", false, "{}", null, 4),
            f("note", "note", "string", true, "null", null, 5),
            f(
                "payment",
                "payment",
                "union<null,record:com.acme.Card,record:com.acme.Transfer>",
                true,
                null,
                null,
                6),
            f("payment(Card).number", "number", "string", false, null, null, 0),
            f("payment(Transfer).iban", "iban", "string", false, null, null, 0),
            f("status", "status", "enum:com.acme.Status", false, "\"NEW\"", null, 7));
  }

  @Test
  void givenJsonSchemaWithRefsAndNestedObjects_whenCrawled_thenFieldsAreExact() {
    SchemaSubjectMetadata payments = result.subjects().get("payments-value");
    SchemaVersionMetadata v = payments.latest();
    assertThat(v.parseError()).isNull();
    assertThat(v.schemaType()).isEqualTo("JSON");
    assertThat(payments.recordName()).isEqualTo("Payment");
    assertThat(v.fields())
        .containsExactly(
            f("paymentId", "paymentId", "string", false, null, "Payment id", 0),
            f("amount", "amount", "number", true, "0", null, 1),
            f("customer", "customer", "object", false, null, null, 2),
            f("customer.name", "name", "string", false, null, "Full name", 0),
            f("customer.email", "email", "string:email", true, null, null, 1),
            f("shipping", "shipping", "object", true, null, null, 3),
            f("shipping.street", "street", "string", false, null, null, 0),
            f("shipping.zip", "zip", "string", true, null, null, 1),
            f("lines", "lines", "array<object>", true, null, null, 4),
            f("lines[].sku", "sku", "string", false, null, null, 0),
            f("lines[].quantity", "quantity", "integer", true, null, null, 1),
            f("metadata", "metadata", "map<string>", true, null, null, 5),
            f("method", "method", "oneOf<object,object>", true, null, null, 6),
            f("method(Card).cardNumber", "cardNumber", "string", true, null, null, 0),
            f("method(Wire).iban", "iban", "string", true, null, null, 0));
  }

  @Test
  void givenProtobufWithImportsAndNestedMessages_whenCrawled_thenFieldsAreExact() {
    SchemaSubjectMetadata shipments = result.subjects().get("shipments-value");
    SchemaVersionMetadata v = shipments.latest();
    assertThat(v.parseError()).isNull();
    assertThat(v.schemaType()).isEqualTo("PROTOBUF");
    assertThat(shipments.recordName()).isEqualTo("acme.shipping.Shipment");
    assertThat(v.fields())
        .containsExactly(
            f("id", "id", "string", true, null, "Shipment id", 0),
            f("cost", "cost", "acme.Money", true, null, null, 1),
            f("cost.currency", "currency", "string", true, null, null, 0),
            f("cost.units", "units", "int64", true, null, null, 1),
            f("parcels", "parcels", "repeated<acme.shipping.Shipment.Parcel>", true, null, null, 2),
            f("parcels[].weight_grams", "weight_grams", "int32", true, null, null, 0),
            f("parcels[].tags", "tags", "repeated<string>", true, null, null, 1),
            f("labels", "labels", "map<string, string>", true, null, null, 3),
            f("locker_id", "locker_id", "string", true, null, null, 4),
            f("address", "address", "acme.shipping.Address", true, null, null, 5),
            f("address.street", "street", "string", true, null, null, 0),
            f("note", "note", "string", true, null, null, 6));
  }

  @Test
  void givenAnUnparseableSchema_whenCrawled_thenItsErrorIsRecordedAndTheCrawlGoesOn() {
    SchemaVersionMetadata broken = result.subjects().get("broken-value").latest();
    assertThat(broken.parseError()).contains("NoSuchType");
    assertThat(broken.fields()).isEmpty();
    assertThat(result.phase().counts()).containsEntry("parseErrors", 1L);
    assertThat(result.phase().warnings()).anyMatch(w -> w.contains("broken-value"));
    assertThat(result.subjects().get("orders-value").latest().fields()).isNotEmpty();
  }

  @Test
  void givenTopicNameStrategy_whenCrawled_thenSubjectsMapToExactTopicsOnly() {
    Map<String, SchemaSubjectMetadata> s = result.subjects();
    assertThat(s.get("orders-value").topics()).containsExactly("orders");
    assertThat(s.get("orders-value").role()).isEqualTo("VALUE");
    assertThat(s.get("orders-key").topics()).containsExactly("orders");
    assertThat(s.get("orders-key").role()).isEqualTo("KEY");
    assertThat(s.get("orders.retry-value").topics()).containsExactly("orders.retry");
    assertThat(s.get("payments-value").topics()).containsExactly("payments");
    assertThat(s.get("shipments-value").topics()).containsExactly("shipments");
    // Subjects whose topic is not in the crawl (nor excluded) are kept without topics.
    assertThat(s.get("ghost-value").topics()).isEmpty();
    assertThat(s.get("com.acme.Address").topics()).isEmpty();
    assertThat(s.get("com.acme.Address").role()).isNull();
  }

  @Test
  void givenAnExcludedTopic_whenCrawled_thenItsSubjectsAreLeftOut() {
    assertThat(result.subjects()).doesNotContainKey("orders-dlt-value");
    assertThat(result.phase().counts()).containsEntry("subjectsExcluded", 1L);
    assertThat(result.phase().counts()).containsEntry("subjects", 10L);
  }

  @Test
  void givenCompatibilityLevels_whenCrawled_thenSubjectAndGlobalLevelsAreRecorded() {
    assertThat(result.subjects().get("orders-value").compatibility()).isEqualTo("FULL_TRANSITIVE");
    assertThat(result.subjects().get("payments-value").compatibility()).isNull();
    assertThat(result.info().globalCompatibility()).isEqualTo("BACKWARD");
    // Effective: its own level if set, else the global one.
    assertThat(result.subjects().get("orders-value").effectiveCompatibility())
        .isEqualTo("FULL_TRANSITIVE");
    assertThat(result.subjects().get("payments-value").effectiveCompatibility())
        .isEqualTo("BACKWARD");
    assertThat(result.info().url()).isEqualTo(registry.url());
    assertThat(result.info().subjectCount()).isEqualTo(11);
  }

  @Test
  void givenTheCrawl_whenItFinishes_thenCountsHeartbeatsAndRequestsAddUp() {
    Map<String, Long> counts = result.phase().counts();
    assertThat(result.phase().phase()).isEqualTo(Phases.SCHEMAS);
    assertThat(counts).containsEntry("versions", 10L);
    long fields =
        result.subjects().values().stream()
            .flatMap(s -> s.versions().stream())
            .mapToLong(v -> v.fields().size())
            .sum();
    assertThat(counts).containsEntry("fields", fields);
    assertThat(counts.get("registryRequests")).isEqualTo(registry.requests().size());
    assertThat(fixture.heartbeats).isNotEmpty().allMatch(h -> h.phase().equals(Phases.SCHEMAS));
  }
}
