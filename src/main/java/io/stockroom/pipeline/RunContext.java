package io.stockroom.pipeline;

import java.time.LocalDate;
import java.util.Set;

/**
 * What a run knows when its later steps execute.
 *
 * @param datesTouched business dates whose fact slices changed in this run (late corrections included)
 * @param fullRebuild true when the models must be rebuilt from scratch (replay of everything, first run)
 */
public record RunContext(
        String runId, LocalDate businessDate, Trigger trigger, Set<LocalDate> datesTouched, boolean fullRebuild) {}
