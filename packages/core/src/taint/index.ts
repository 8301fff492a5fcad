export { TaintAnalysis, union, type Origin, type Taint, type TaintFinding, type FunctionSummary, type SinkParam } from './analysis';
export { defaultQueryOracle, requestUrl, type QueryOracle } from './query-oracle';
export { citizenFields, isCccdNumber, isCmndNumber, normalizeFieldName, type CitizenFieldSet } from './citizen-data';
export { messagingSink, logSink, errorResponseSink, messagingHost, type Sink, type SinkKind } from './sinks';
export { citizenDataFindings, describeFinding, type CitizenDataFinding } from './report';
export { libraryFlow, type LibraryFlow } from './library-calls';
