// Stands in for Ink's devtools bridge, which only runs with DEV=true.
export {};
