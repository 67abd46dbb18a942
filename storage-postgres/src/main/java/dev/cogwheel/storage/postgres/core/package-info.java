/**
 * What every part of the PostgreSQL backend builds on: its settings, sessions on the pool, the
 * translation of SQL errors into storage exceptions, identifier checks, metrics, the instance's core
 * schema and the migration lock.
 *
 * <p>Uses only the storage SDK and SPI, JDBC, MyBatis and Micrometer; every other package of the
 * backend may use it, and it uses none of them, so the backend's packages form no cycle.
 */
package dev.cogwheel.storage.postgres.core;
