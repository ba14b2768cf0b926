/** Where the map opens when the URL says nothing: Jiefangbei, the heart of the sample city. */
export const HOME = { center: [106.577, 29.5575] as [number, number], zoom: 12 };
