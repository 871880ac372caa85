// The syntax of Kubernetes names, as the API server checks it (k8s.io/apimachinery
// pkg/util/validation): label keys (qualified names), label values, DNS-1123 labels (namespaces)
// and subdomains (object names). Each returns "" when the text is valid, else what is wrong with
// it, in a few words that a message can quote. Private to sim/scenario.
#pragma once

#include <string>

namespace clustersim {

// A label key, annotation key, topology key or selector key: [prefix/]name, where the optional
// prefix is a DNS subdomain and the name is 1 to 63 alphanumerics, '-', '_' or '.', beginning
// and ending with an alphanumeric.
std::string QualifiedNameProblem(const std::string& text);
// A label value: empty, or a name as above.
std::string LabelValueProblem(const std::string& text);
// A namespace: lower-case alphanumerics or '-', at most 63, beginning and ending alphanumeric.
std::string Dns1123LabelProblem(const std::string& text);
// An object name: DNS-1123 labels joined by '.', at most 253 characters.
std::string Dns1123SubdomainProblem(const std::string& text);

}  // namespace clustersim
