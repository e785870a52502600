/** Dataset contracts: columns, types, header aliases, keys, slices and rules, loaded from editable YAML files. */
package io.stockroom.contract;
