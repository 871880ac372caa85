// Reading a command's JSON output in the command-line tests.
#pragma once

#include <gtest/gtest.h>

#include <boost/property_tree/json_parser.hpp>
#include <boost/property_tree/ptree.hpp>
#include <sstream>
#include <string>

namespace clustersim::testing_cli {

// Parses a JSON report; fails the test (and returns an empty tree) when it is not JSON.
inline boost::property_tree::ptree ParseJson(const std::string& text) {
  boost::property_tree::ptree tree;
  std::istringstream in(text);
  try {
    boost::property_tree::read_json(in, tree);
  } catch (const boost::property_tree::json_parser_error& e) {
    ADD_FAILURE() << "not JSON: " << e.what() << "\n" << text;
  }
  return tree;
}

}  // namespace clustersim::testing_cli
