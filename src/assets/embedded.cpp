#include "assets/embedded.hpp"

namespace ungcuu::assets {

const Asset* Find(std::string_view path) {
    for (const auto& asset : All()) {
        if (path == asset.path) {
            return &asset;
        }
    }
    return nullptr;
}

core::Result<std::string_view> RuleFile(std::string_view name) {
    const std::string path = "rules/" + std::string(name);
    const auto* file = Find(path);
    if (file == nullptr) {
        return core::Internal(path + " is not embedded in this build");
    }
    return file->text();
}

std::vector<const Asset*> RuleFiles(std::string_view folder, std::string_view suffix) {
    return Files("rules/" + std::string(folder) + "/", suffix);
}

std::vector<const Asset*> Files(std::string_view prefix, std::string_view suffix) {
    std::vector<const Asset*> found;
    for (const auto& asset : All()) {
        const std::string_view path = asset.path;
        if (path.starts_with(prefix) && path.ends_with(suffix)) {
            found.push_back(&asset);
        }
    }
    return found;
}

}  // namespace ungcuu::assets
