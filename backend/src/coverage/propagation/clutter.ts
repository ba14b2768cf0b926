/**
 * Land-use (clutter) classes of the coverage grid, one per H3 cell. The loss each class adds to a link is kept
 * beside them as data with its source (CLUTTER_LOSS, below, filled in by the engine work of issue 14).
 */
export const CLUTTER_CLASSES = ['water', 'open', 'forest', 'suburban', 'urban', 'dense_urban'] as const;
export type ClutterClass = (typeof CLUTTER_CLASSES)[number];
/** Class code in the engine's typed arrays: the index in CLUTTER_CLASSES; this one where no class is known. */
export const CLUTTER_UNKNOWN = 255;
