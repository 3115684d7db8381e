/**
 * What an operator watches: the coordinator's meters, the status page's data (phase, history, copy progress, a
 * 15-minute lag series, dead letters, the last validation, the cutover timeline) and terminal progress lines. Reads
 * the other parts; changes nothing in the migration.
 */
package io.ferry.orchestrator.observe;
