// The module's code is generated at build time by swift-openapi-generator from openapi.yaml:
// `Client` (one method per operation, named by its operationId) and the document's schemas as
// `Components.Schemas`. `ParleyClient` wraps it for the command line.
