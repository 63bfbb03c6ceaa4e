// The module's code is generated at build time by swift-openapi-generator from openapi.yaml,
// filtered to `renderTemplate`: its `APIProtocol`, its `registerHandlers(on:)` and the schemas it
// uses. Only `parley bench http-contract` serves it (see `ContractYardstick`).
