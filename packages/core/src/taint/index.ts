export { TaintAnalysis, union, paramRef, CITIZEN_DATA_VOCABULARY, type TaintVocabulary, type Origin, type Taint, type TaintFinding, type FunctionSummary, type SinkParam } from './analysis';
export { defaultQueryOracle, requestUrl, type QueryOracle } from './query-oracle';
export { citizenFields, isCccdNumber, isCmndNumber, normalizeFieldName, type CitizenFieldSet } from './citizen-data';
export { messagingSink, logSink, errorResponseSink, messagingHost, type Sink, type SinkKind } from './sinks';
export { citizenDataFindings, describeFinding, type CitizenDataFinding } from './report';
export { credentialFindings, credentialVocabulary, credentialRoute, loggedCredentialKind, describeCredentialFinding, type CredentialFinding, type LoggedCredentialKind } from './credential-data';
export { libraryFlow, type LibraryFlow } from './library-calls';
