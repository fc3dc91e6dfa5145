# Warning and sanitizer flags shared by every ungcuu target.
set(UNGCUU_WARNINGS
    -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion -Wnon-virtual-dtor
    -Wold-style-cast -Woverloaded-virtual -Wimplicit-fallthrough)
# Tests build filters with designated initializers that leave fields at their defaults.
set(UNGCUU_TEST_WARNINGS -Wno-missing-field-initializers)
if(UNGCUU_WERROR)
  list(APPEND UNGCUU_WARNINGS -Werror)
endif()
if(UNGCUU_SANITIZE AND UNGCUU_TSAN)
  message(FATAL_ERROR "UNGCUU_SANITIZE and UNGCUU_TSAN exclude each other")
endif()
if(UNGCUU_TSAN)
  add_compile_options(-fsanitize=thread -fno-omit-frame-pointer)
  add_link_options(-fsanitize=thread)
endif()
if(UNGCUU_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
endif()
