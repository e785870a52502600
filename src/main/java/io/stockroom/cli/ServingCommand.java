package io.stockroom.cli;

/** A sub-command after which the process keeps serving the web app and API. */
public interface ServingCommand {
    boolean keepServing();
}
