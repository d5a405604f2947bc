/**
 * Publishing a crawl to a data catalog, in Atlan's asset model.
 *
 * <p><b>Assets.</b> {@link io.kcrawler.activities.catalog.AtlanAssetTransformer} turns the crawl's
 * JSON Lines artifacts into entities of Atlan's bulk entity API with the attribute names of Atlan's
 * published SDK model; {@link io.kcrawler.activities.catalog.AtlanQualifiedNames} documents the
 * qualifiedName scheme. Relationships are set from the child side (group → topics, version →
 * subject, field → topic, topic → cluster) by {@code uniqueAttributes.qualifiedName}, and assets
 * are emitted parents first, so every reference resolves.
 *
 * <p><b>Sinks.</b> {@link io.kcrawler.activities.catalog.FileCatalogSink} (default) writes one file
 * per asset type; {@link io.kcrawler.activities.catalog.AtlanApiSink} calls Atlan's API with
 * retries and archives stale assets with a soft delete.
 *
 * <p><b>Change diff.</b> The manifest of the last successful publish (qualifiedName → content hash
 * and a few facts) is kept per connection in the artifact store; each publish classifies assets as
 * created, updated, unchanged or deleted and writes a {@link
 * io.kcrawler.activities.catalog.ChangeReport}. Assets of a type whose phase produced nothing are
 * carried over, not archived.
 *
 * <p><b>Memory.</b> Artifacts are streamed. What is held: per topic a few config values, two
 * counters and its subject names (join facts); per previous-or-current asset its qualifiedName and
 * two 64-bit hashes (the diff index); per changed asset its facts, bounded by {@link
 * io.kcrawler.activities.catalog.ChangeReport#MAX_ITEMS}; one batch of entities; one schema
 * subject's versions.
 */
package io.kcrawler.activities.catalog;
