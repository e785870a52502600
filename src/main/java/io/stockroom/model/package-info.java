/** The SQL model DAG: model files under resources/models/, ordered by their dependencies, refreshed incrementally by date and tested. */
package io.stockroom.model;
