# Writes a C++ file defining `const std::string_view vanthu::http::embedded::SYMBOL` with the
# bytes of INPUT: cmake -DINPUT=file -DOUTPUT=file.cpp -DSYMBOL=name -P Embed.cmake
file(READ "${INPUT}" hex HEX)
string(LENGTH "${hex}" length)
math(EXPR size "${length} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "'\\\\x\\1'," bytes "${hex}")
file(WRITE "${OUTPUT}.tmp"
  "// Generated from ${INPUT} by server/cmake/Embed.cmake; do not edit.\n"
  "#include <string_view>\n"
  "namespace vanthu::http::embedded {\n"
  "namespace {\nconstexpr char bytes[${size} + 1] = {${bytes} 0};\n}\n"
  "extern const std::string_view ${SYMBOL};\n"
  "const std::string_view ${SYMBOL}(bytes, ${size});\n"
  "} // namespace vanthu::http::embedded\n")
file(RENAME "${OUTPUT}.tmp" "${OUTPUT}")
