//! `PassboltClient`'s data calls: users, groups and keys; the decrypted resource list;
//! secrets; create, update, delete; sharing; folders.

use js_sys::{Function, Promise};
use serde::de::DeserializeOwned;
use wasm_bindgen::prelude::*;

use crate::client::{ClientError, ResourceInput, ShareChange};

use super::client::{promise, JsPassboltClient};

/// Reads a caller's input object. Serde's messages can quote the values given (a password),
/// so the error names only the argument and the expected shape.
fn input<T: DeserializeOwned>(value: JsValue, what: &'static str) -> Result<T, JsValue> {
    serde_wasm_bindgen::from_value(value).map_err(|_| {
        ClientError::InvalidOption {
            name: what,
            reason: "it does not have the documented shape (field names, types)",
        }
        .into()
    })
}

#[wasm_bindgen(js_class = PassboltClient)]
impl JsPassboltClient {
    /// The organisation's users, with profile, role and key.
    #[wasm_bindgen(unchecked_return_type = "Promise<PassboltUser[]>")]
    pub fn users(&self) -> Promise {
        let client = self.client();
        promise(async move { client.users().await })
    }

    /// The groups, with their members.
    #[wasm_bindgen(unchecked_return_type = "Promise<PassboltGroup[]>")]
    pub fn groups(&self) -> Promise {
        let client = self.client();
        promise(async move { client.groups().await })
    }

    /// Syncs the users' public keys; after the first call only the keys modified since the
    /// server time of the last sync are fetched.
    #[wasm_bindgen(js_name = syncKeys, unchecked_return_type = "Promise<KeySyncChanges>")]
    pub fn sync_keys(&self) -> Promise {
        let client = self.client();
        promise(async move { client.sync_keys().await })
    }

    /// The resources with their metadata decrypted (v5: cached session keys first, then the
    /// metadata private key, then the user's key; unchanged items are not decrypted again).
    /// The new session keys are saved back to the server. An item that cannot be decrypted
    /// carries its own `error`; `onProgress(done, total)` is called during decryption.
    #[wasm_bindgen(unchecked_return_type = "Promise<ResourceList>")]
    pub fn resources(&self) -> Promise {
        let client = self.client();
        let progress: Option<Function> = self.progress();
        promise(async move {
            let report = |done: usize, total: usize| {
                if let Some(f) = &progress {
                    // A throwing callback must not break the listing.
                    let _ = f.call2(
                        &JsValue::NULL,
                        &JsValue::from(done as u32),
                        &JsValue::from(total as u32),
                    );
                }
            };
            client.resources(Some(&report)).await
        })
    }

    /// The fingerprint of the trusted metadata key (trust on first use).
    #[wasm_bindgen(getter, js_name = trustedMetadataKey)]
    pub fn trusted_metadata_key(&self) -> Option<String> {
        self.client().trusted_metadata_key()
    }

    /// Trusts the metadata key with this fingerprint (a stored trust, or the user's
    /// confirmation after `METADATA_KEY_CHANGED`).
    #[wasm_bindgen(js_name = trustMetadataKey)]
    pub fn trust_metadata_key(&self, fingerprint: &str) -> Result<(), JsValue> {
        Ok(self.client().trust_metadata_key(fingerprint)?)
    }

    /// Decrypts the user's secret of a resource and reports who signed it (`signers`, with
    /// `verified`): an unknown or bad signer is reported, not hidden.
    #[wasm_bindgen(unchecked_return_type = "Promise<SecretResult>")]
    pub fn secret(&self, resource_id: String) -> Promise {
        let client = self.client();
        promise(async move { client.secret(&resource_id).await })
    }

    /// Creates a resource (v4 or v5 per the server's settings unless `resource_type` says),
    /// its secret encrypted for the user and signed. The input is not changed, so a failed
    /// create can be retried with it.
    #[wasm_bindgen(js_name = createResource, unchecked_return_type = "Promise<ResourceView>")]
    pub fn create_resource(
        &self,
        #[wasm_bindgen(unchecked_param_type = "ResourceInput")] resource: JsValue,
    ) -> Result<Promise, JsValue> {
        let client = self.client();
        let resource: ResourceInput = input(resource, "resource")?;
        Ok(promise(
            async move { client.create_resource(&resource).await },
        ))
    }

    /// Updates a resource's metadata and/or secret (re-encrypted for everyone with access).
    #[wasm_bindgen(js_name = updateResource, unchecked_return_type = "Promise<ResourceView>")]
    pub fn update_resource(
        &self,
        resource_id: String,
        #[wasm_bindgen(unchecked_param_type = "ResourceInput")] resource: JsValue,
    ) -> Result<Promise, JsValue> {
        let client = self.client();
        let resource: ResourceInput = input(resource, "resource")?;
        Ok(promise(async move {
            client.update_resource(&resource_id, &resource).await
        }))
    }

    /// Deletes a resource.
    #[wasm_bindgen(js_name = deleteResource, unchecked_return_type = "Promise<void>")]
    pub fn delete_resource(&self, resource_id: String) -> Promise {
        let client = self.client();
        promise(async move { client.delete_resource(&resource_id).await })
    }

    /// Shares a resource: `changes` grant (`type` 1 read, 7 update, 15 owner) or revoke
    /// (`type: null`) access of users and groups. Each added user gets the secret encrypted
    /// for them and signed by the sharer; personal metadata moves to the shared key first.
    #[wasm_bindgen(js_name = shareResource, unchecked_return_type = "Promise<ShareOutcome>")]
    pub fn share_resource(
        &self,
        resource_id: String,
        #[wasm_bindgen(unchecked_param_type = "ShareChange[]")] changes: JsValue,
    ) -> Result<Promise, JsValue> {
        let client = self.client();
        let changes: Vec<ShareChange> = input(changes, "changes")?;
        Ok(promise(async move {
            client.share_resource(&resource_id, &changes).await
        }))
    }

    /// The folders.
    #[wasm_bindgen(unchecked_return_type = "Promise<FolderView[]>")]
    pub fn folders(&self) -> Promise {
        let client = self.client();
        promise(async move { client.folders().await })
    }

    /// Creates a folder, at the root or in `parentId`.
    #[wasm_bindgen(js_name = createFolder, unchecked_return_type = "Promise<FolderView>")]
    pub fn create_folder(&self, name: String, parent_id: Option<String>) -> Promise {
        let client = self.client();
        promise(async move { client.create_folder(&name, parent_id.as_deref()).await })
    }

    /// Moves a resource into a folder, or to the root with `null`.
    #[wasm_bindgen(js_name = moveResource, unchecked_return_type = "Promise<void>")]
    pub fn move_resource(&self, resource_id: String, folder_id: Option<String>) -> Promise {
        let client = self.client();
        promise(async move {
            client
                .move_resource(&resource_id, folder_id.as_deref())
                .await
        })
    }
}
