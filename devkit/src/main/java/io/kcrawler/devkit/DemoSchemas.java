package io.kcrawler.devkit;

import io.kcrawler.devkit.schemaregistry.SchemaRegistryContractServer;
import java.util.List;

/**
 * Schemas for the demo topics, registered in a local Schema Registry stand-in: Avro with a
 * reference, JSON Schema and Protobuf, key and value subjects, two versions of one subject, and a
 * subject whose topic does not exist.
 */
public final class DemoSchemas {
  private DemoSchemas() {}

  /** Subjects registered by {@link #seed}. */
  public static final List<String> SUBJECTS =
      List.of(
          "com.acme.Address",
          "orders-key",
          "orders-value",
          "payments-value",
          "customers-value",
          "clickstream-value",
          "legacy-topic-value");

  public static void seed(SchemaRegistryContractServer registry) {
    registry.setGlobalCompatibility("BACKWARD");
    registry.register(
        "com.acme.Address",
        "AVRO",
        """
        {"type":"record","name":"Address","namespace":"com.acme","fields":[
          {"name":"street","type":"string"},
          {"name":"city","type":"string"},
          {"name":"zip","type":["null","string"],"default":null}]}
        """);
    registry.register("orders-key", "AVRO", "\"string\"");
    registry.register(
        "orders-value",
        "AVRO",
        """
        {"type":"record","name":"Order","namespace":"com.acme","doc":"A customer order","fields":[
          {"name":"id","type":"string","doc":"Order id"},
          {"name":"amount","type":"double"},
          {"name":"items","type":{"type":"array","items":"string"}}]}
        """);
    registry.register(
        "orders-value",
        "AVRO",
        """
        {"type":"record","name":"Order","namespace":"com.acme","doc":"A customer order","fields":[
          {"name":"id","type":"string","doc":"Order id"},
          {"name":"amount","type":"double"},
          {"name":"items","type":{"type":"array","items":"string"}},
          {"name":"shipTo","type":["null","com.acme.Address"],"default":null},
          {"name":"tags","type":{"type":"map","values":"string"},"default":{}}]}
        """,
        List.of(
            new SchemaRegistryContractServer.Reference("com.acme.Address", "com.acme.Address", 1)));
    registry.setSubjectCompatibility("orders-value", "FULL");
    registry.register(
        "payments-value",
        "JSON",
        """
        {"$schema":"http://json-schema.org/draft-07/schema#","title":"Payment","type":"object",
         "properties":{"paymentId":{"type":"string"},"amount":{"type":"number"},
           "card":{"type":"object","properties":{"last4":{"type":"string"},"brand":{"type":"string"}}}},
         "required":["paymentId","amount"]}
        """);
    registry.register(
        "customers-value",
        "PROTOBUF",
        """
        syntax = "proto3";
        package com.acme;
        message Customer {
          string id = 1;
          string name = 2;
          message Contact {
            string email = 1;
            string phone = 2;
          }
          Contact contact = 3;
          repeated string segments = 4;
        }
        """);
    registry.register(
        "clickstream-value",
        "AVRO",
        """
        {"type":"record","name":"Click","namespace":"com.acme.web","fields":[
          {"name":"sessionId","type":"string"},{"name":"url","type":"string"},{"name":"ts","type":"long"}]}
        """);
    registry.register(
        "legacy-topic-value", "AVRO", "{\"type\":\"record\",\"name\":\"Legacy\",\"fields\":[]}");
  }
}
