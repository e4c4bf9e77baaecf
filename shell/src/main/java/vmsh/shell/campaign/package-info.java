/**
 * Campaigns: one experiment script over a grid of parameters ({@code vmsh sweep}). A
 * {@link vmsh.shell.campaign.Grid} of points from {@code --param} axes and parameter files;
 * a {@link vmsh.shell.campaign.Campaign} keys each point by the script, its arguments, the
 * parameters, seed, budget and vmsh's version; worker threads of one JVM run the pending
 * points, each in a fresh session sandboxed as {@code vmsh run}'s,
 * and append one {@link vmsh.shell.campaign.RunRecord} per finished run (with the hashes of
 * the files it read) to the results folder ({@link vmsh.shell.campaign.SweepFolder}).
 * {@code --shard I/N} runs a deterministic slice for job arrays; {@code --status} and
 * {@code --collect} merge folders into tables, CSV, JSON, summaries and plots, and
 * {@link vmsh.shell.campaign.CampaignResults} gives the same as plain data to scripts.
 *
 * <p>Imports: {@code vmsh.shell} (exit codes, errors), Jackson and XChart. It sits below the
 * JavaScript API: the runs themselves come through {@link vmsh.shell.campaign.ScriptLauncher},
 * which {@code vmsh.shell.api} implements with sessions, so that scripts can read campaigns
 * ({@code campaign(dir)}). The command line calls in through {@link vmsh.shell.campaign.Campaigns}.
 */
package vmsh.shell.campaign;
