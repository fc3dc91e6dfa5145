#include "http/embedded_assets.hpp"

namespace ungcuu::http {

const EmbeddedAsset* FindEmbeddedAsset(std::string_view path) {
    for (const auto& asset : EmbeddedAssets()) {
        if (path == asset.path) {
            return &asset;
        }
    }
    return nullptr;
}

}  // namespace ungcuu::http
