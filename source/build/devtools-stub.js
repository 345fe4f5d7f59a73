// Ink imports react-devtools-core only when DEV=true; the published CLI ships without it.
export default { initialize() {}, connectToDevTools() {} };
