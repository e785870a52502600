/** picocli commands: thin edges that parse arguments and call one service method each. */
package io.stockroom.cli;
