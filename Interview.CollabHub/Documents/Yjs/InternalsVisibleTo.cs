using System.Runtime.CompilerServices;

// The unit tests check JsArraySort against V8 directly; everything else is tested through the public API.
[assembly: InternalsVisibleTo("Interview.Tests")]
