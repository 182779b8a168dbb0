/**
 * Visualization: {@link krnel.viz.Umap} (the UMAP embedding behind {@code UMAPVizOp}) and
 * {@link krnel.viz.ScatterPlot} (PNG or self-contained HTML scatter plots of an embedding).
 */
package krnel.viz;
