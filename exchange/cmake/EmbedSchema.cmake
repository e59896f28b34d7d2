# Writes a C++ file defining vanthu::exchange::detail::kEdxmlSchema with the text of INPUT:
# cmake -DINPUT=edxml.xsd -DOUTPUT=file.cpp -P EmbedSchema.cmake
file(READ "${INPUT}" text)
if(text MATCHES "\\)xsd\"")
  message(FATAL_ERROR "${INPUT} contains the raw string delimiter )xsd\"")
endif()
file(WRITE "${OUTPUT}.tmp"
  "// Generated from ${INPUT} by exchange/cmake/EmbedSchema.cmake; do not edit.\n"
  "#include <string_view>\n"
  "namespace vanthu::exchange::detail {\n"
  "extern const std::string_view kEdxmlSchema;\n"
  "const std::string_view kEdxmlSchema = R\"xsd(${text})xsd\";\n"
  "} // namespace vanthu::exchange::detail\n")
file(RENAME "${OUTPUT}.tmp" "${OUTPUT}")
